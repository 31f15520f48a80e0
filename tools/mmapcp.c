/* mmapcp - copy a file through mmap windows, like cp: the seed's copy program
 * on mk_copy_file (//core:mmapkit). This file only parses arguments, words
 * errors like cp and turns SIGINT/SIGTERM/SIGHUP into a clean cancel. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "mmapkit/copy.h"
#include "mmapkit/util.h"

static const char kUsage[] =
    "Usage: mmapcp [-v] [--sync] [--] SRC DST\n"
    "Copy the regular file SRC to DST (or into DST/, when DST is a directory)\n"
    "through mmap windows.\n"
    "\n"
    "  -v, --verbose  say what is copied, then the bytes copied and the throughput\n"
    "      --sync     fsync the copy before it replaces DST, and DST's directory after\n"
    "      --help     print this help and exit\n"
    "\n"
    "Guarantees:\n"
    "  - DST is replaced atomically: the copy is written to a temporary file\n"
    "    '.NAME.mmapkit-XXXXXX' next to DST and renamed over DST only when it is\n"
    "    complete. On any error, or when interrupted, DST is left exactly as it\n"
    "    was and the temporary file is removed.\n"
    "  - SRC is opened read-only and never modified. The new DST gets SRC's\n"
    "    permission bits. Holes of a sparse SRC stay holes; space for the data\n"
    "    is reserved before copying, so a full disk is an error, not a crash.\n"
    "  - SRC and DST being the same file (by any path or link) is refused.\n"
    "  - A SRC truncated while being copied is an error, never a crash (SIGBUS).\n"
    "  - Files whose size cannot be trusted (procfs, sysfs, size 0) are copied\n"
    "    with read/write until end of file; FIFOs, sockets, devices and\n"
    "    directories are refused.\n"
    "  - SIGINT, SIGTERM, SIGHUP cancel the copy between two windows; mmapcp then\n"
    "    cleans up and dies of that signal (shell status 130, 143, 129). A signal\n"
    "    that comes after the copy was committed finds DST complete.\n"
    "\n"
    "Exit status: 0 on success, 1 on error.\n";

static volatile sig_atomic_t g_signal; /* the first cancel signal received */

static void on_signal(int sig) {
  if (g_signal == 0) g_signal = sig;
}

/* Cancel signals: caught unless ignored at start (a background job of a
 * non-interactive shell must keep ignoring SIGINT). No SA_RESTART, so a
 * blocked write of -v output returns and the copy sees the flag. */
static void install_signal_handlers(void) {
  static const int kCancel[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < sizeof kCancel / sizeof kCancel[0]; i++) {
    struct sigaction old;
    if (sigaction(kCancel[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(kCancel[i], &sa, NULL);
  }
  /* Get EFBIG (and clean up) instead of dying past RLIMIT_FSIZE, and keep
   * copying when -v output goes to a closed pipe. */
  signal(SIGXFSZ, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
}

struct progress {
  const char *src;
  const char *dst;
  int verbose;
  int announced;
};

/* Before each window: announce once (-v), then stop if a signal came. */
static int on_progress(void *arg, uint64_t done, uint64_t total) {
  struct progress *p = arg;
  if (p->verbose && !p->announced) {
    p->announced = 1;
    if (total > 0) {
      printf("mmapcp: copying '%s' to '%s' (%llu bytes)\n", p->src, p->dst,
             (unsigned long long)total);
    } else {
      printf("mmapcp: copying '%s' to '%s'\n", p->src, p->dst);
    }
    fflush(stdout);
  }
  (void)done;
  return g_signal != 0;
}

/* The last path component of src, trailing slashes ignored ("a/b/" -> "b/"
 * is cut to "b"); written into buf. */
static const char *base_name(const char *src, char *buf, size_t size) {
  size_t len = strlen(src);
  while (len > 1 && src[len - 1] == '/') len--;
  size_t start = len;
  while (start > 0 && src[start - 1] != '/') start--;
  snprintf(buf, size, "%.*s", (int)(len - start), src + start);
  return buf;
}

/* One line on stderr worded like cp's, from the failed step and the error. */
static void report_error(const char *src, const char *dst, int rc, enum mk_copy_step step) {
  const char *why = mk_strerror(rc);
  switch (step) {
    case MK_COPY_STEP_OPEN_SOURCE:
      if (rc == -EISDIR) {
        fprintf(stderr, "mmapcp: omitting directory '%s'\n", src);
      } else if (rc == -ESPIPE || rc == -EINVAL) {
        fprintf(stderr, "mmapcp: cannot copy '%s': not a regular file\n", src);
      } else {
        fprintf(stderr, "mmapcp: cannot open '%s': %s\n", src, why);
      }
      break;
    case MK_COPY_STEP_STAT_DEST:
      if (rc == -EISDIR) {
        fprintf(stderr, "mmapcp: cannot overwrite directory '%s' with non-directory\n", dst);
      } else if (rc == -ESPIPE || rc == -EINVAL) {
        fprintf(stderr, "mmapcp: cannot overwrite non-regular file '%s'\n", dst);
      } else {
        fprintf(stderr, "mmapcp: cannot stat '%s': %s\n", dst, why);
      }
      break;
    case MK_COPY_STEP_SAME_FILE:
      fprintf(stderr, "mmapcp: '%s' and '%s' are the same file\n", src, dst);
      break;
    case MK_COPY_STEP_CREATE_DEST:
      fprintf(stderr, "mmapcp: cannot create regular file '%s': %s\n", dst, why);
      break;
    case MK_COPY_STEP_READ_SOURCE:
      if (rc == -ENODATA) why = "file shrank during the copy";
      fprintf(stderr, "mmapcp: error reading '%s': %s\n", src, why);
      break;
    case MK_COPY_STEP_WRITE_DEST:
      fprintf(stderr, "mmapcp: error writing '%s': %s\n", dst, why);
      break;
    case MK_COPY_STEP_RENAME_DEST:
      fprintf(stderr, "mmapcp: cannot replace '%s': %s\n", dst, why);
      break;
    case MK_COPY_STEP_NONE:
    default:
      fprintf(stderr, "mmapcp: cannot copy '%s' to '%s': %s\n", src, dst, why);
      break;
  }
}

static int usage_error(const char *what, const char *arg) {
  fprintf(stderr, "mmapcp: %s%s%s\n", what, arg ? arg : "", arg ? "'" : "");
  fprintf(stderr, "Try 'mmapcp --help' for more information.\n");
  return 1;
}

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

int main(int argc, char **argv) {
  int verbose = 0;
  unsigned flags = 0;
  const char *operands[2];
  int count = 0;
  int options_done = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!options_done && a[0] == '-' && a[1] != '\0') {
      if (strcmp(a, "--") == 0) {
        options_done = 1;
      } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
        verbose = 1;
      } else if (strcmp(a, "--sync") == 0) {
        flags |= MK_COPY_SYNC;
      } else if (strcmp(a, "--help") == 0) {
        fputs(kUsage, stdout);
        return 0;
      } else {
        return usage_error("unrecognized option '", a);
      }
    } else if (count == 2) {
      return usage_error("extra operand '", a);
    } else {
      operands[count++] = a;
    }
  }
  if (count == 0) return usage_error("missing file operand", NULL);
  if (count == 1) return usage_error("missing destination file operand after '", operands[0]);

  const char *src = operands[0];
  const char *dst = operands[1];
  /* Like cp: an existing directory DST receives DST/basename(SRC). */
  char *into = NULL;
  struct stat st;
  if (stat(dst, &st) == 0 && S_ISDIR(st.st_mode)) {
    char name[4096];
    const char *sep = dst[strlen(dst) - 1] == '/' ? "" : "/";
    if (asprintf(&into, "%s%s%s", dst, sep, base_name(src, name, sizeof name)) < 0) {
      fprintf(stderr, "mmapcp: %s\n", mk_strerror(ENOMEM));
      return 1;
    }
    dst = into;
  }

  install_signal_handlers();
  struct progress progress = {src, dst, verbose, 0};
  struct mk_copy_options options = MK_COPY_OPTIONS_DEFAULT;
  options.flags |= flags;
  options.progress = on_progress;
  options.progress_arg = &progress;
  struct mk_copy_report report;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int rc = mk_copy_file_report(src, dst, &options, &report);
  double elapsed = seconds_since(&start);

  int status = 0;
  if (g_signal != 0) {
    /* Cancelled (or finished just before the signal): nothing partial is
     * left. Die of the signal, so a calling shell knows it was interrupted. */
    free(into);
    int sig = g_signal;
    signal(sig, SIG_DFL);
    raise(sig);
    return 128 + sig;
  }
  if (rc != 0) {
    report_error(src, dst, rc, report.failed);
    status = 1;
  } else if (verbose) {
    double mib = (double)report.copied / (1024.0 * 1024.0);
    printf("mmapcp: '%s' -> '%s': %llu bytes in %.3f s (%.1f MiB/s)\n", src, dst,
           (unsigned long long)report.copied, elapsed, elapsed > 0 ? mib / elapsed : 0.0);
  }
  free(into);
  return status;
}
