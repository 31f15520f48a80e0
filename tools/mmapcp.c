/* mmapcp - copy a file through mmap windows, like cp without options: the
 * seed's copy program on mk_copy_file (//core:mmapkit). This file only parses
 * arguments, words errors as cp 9.1 does and turns SIGINT/SIGTERM/SIGHUP into
 * a clean cancel. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "mmapkit/copy.h"
#include "mmapkit/util.h"
#include "tools/cli_support.h"

static const char kUsage[] =
    "Usage: mmapcp [OPTION]... SRC DST\n"
    "Copy the regular file SRC to DST (or into DST/, when DST is a directory)\n"
    "through mmap windows, as cp without options would.\n"
    "\n"
    "  -v, --verbose   print 'SRC' -> 'DST' once the copy is complete; twice (-vv):\n"
    "                  also say what is being copied, then the bytes and throughput\n"
    "      --in-place  write into an existing DST instead of replacing it (below)\n"
    "      --sync      fsync the copy before it replaces DST, and DST's directory after\n"
    "      --help      print this help and exit\n"
    "      --version   print the version and exit\n"
    "\n"
    "Permissions, as cp gives them:\n"
    "  - A new DST gets SRC's permission bits minus the umask (or what a default\n"
    "    ACL of its directory gives instead): it is created with them and never\n"
    "    changed afterwards. Set-user-ID, set-group-ID and sticky bits are not\n"
    "    copied. It belongs to you.\n"
    "  - An existing DST keeps its own mode, owner, group, ACLs and extended\n"
    "    attributes (set-user-ID is dropped when you are not root, as with cp).\n"
    "\n"
    "Guarantees:\n"
    "  - DST is replaced atomically: the copy is written to a temporary file\n"
    "    '.NAME.mmapkit-XXXXXX' next to DST, given DST's attributes, and renamed\n"
    "    over DST only when it is complete. On any error, or when interrupted,\n"
    "    DST is left exactly as it was and the temporary file is removed.\n"
    "  - When a rename cannot keep DST whole, mmapcp refuses and says why, with\n"
    "    DST untouched: DST has other hard links (they would keep the old\n"
    "    content), its directory is not writable (a read-only directory), its\n"
    "    owner or group cannot be given to a new file (not root and not its\n"
    "    owner, e.g. another user's file in a sticky directory such as /tmp), or\n"
    "    it is a mount point. --in-place then writes into DST itself, like cp:\n"
    "    every hard link sees the new content and DST keeps its inode; space is\n"
    "    reserved first (a full disk leaves DST as it was), but it is NOT atomic:\n"
    "    an error or an interrupt during the copy leaves DST partly written.\n"
    "  - SRC is opened read-only and never modified. Holes of a sparse SRC stay\n"
    "    holes; space for the data is reserved before copying, so a full disk\n"
    "    is an error, not a crash.\n"
    "  - SRC and DST being the same file (by any path or link) is refused.\n"
    "  - A SRC truncated while being copied is an error, never a crash (SIGBUS).\n"
    "  - Files whose size cannot be trusted (procfs, sysfs, size 0) are copied\n"
    "    with read/write until end of file. Unlike cp, FIFOs, sockets, devices\n"
    "    and directories are refused, as SRC and as DST.\n"
    "  - SIGINT, SIGTERM, SIGHUP cancel the copy between two windows; mmapcp then\n"
    "    cleans up and dies of that signal (shell status 130, 143, 129). A signal\n"
    "    that comes after the copy was committed finds DST complete.\n"
    "  - A failed write of -v output (closed stdout, a full disk) is reported as\n"
    "    a write error with exit status 1, as cp does.\n"
    "\n"
    "Exit status: 0 on success, 1 on error.\n";

static volatile sig_atomic_t g_signal; /* the first cancel signal received */

static void on_signal(int sig) {
  if (g_signal == 0) g_signal = sig;
}

/* Cancel signals: caught unless ignored at start (a background job of a
 * non-interactive shell must keep ignoring SIGINT). No SA_RESTART, so a
 * blocked write of -vv output returns and the copy sees the flag. */
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
  /* Get EFBIG (and clean up) instead of dying past RLIMIT_FSIZE, and finish
   * the copy when -v output goes to a closed pipe (reported at exit). */
  signal(SIGXFSZ, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
}

struct cli {
  int verbose; /* -v count */
  unsigned flags;
  const char *src;
  const char *dst; /* as given, or DST/basename(SRC) */
  char *into;      /* owns dst when it was built */
};

struct progress {
  const struct cli *cli;
  int announced;
};

/* Before each window: announce once (-vv), then stop if a signal came. */
static int on_progress(void *arg, uint64_t done, uint64_t total) {
  struct progress *p = arg;
  if (p->cli->verbose >= 2 && !p->announced) {
    p->announced = 1;
    printf("mmapcp: copying %s to %s", cli_quote(p->cli->src), cli_quote(p->cli->dst));
    if (total > 0) printf(" (%llu bytes)", (unsigned long long)total);
    printf("\n");
    (void)cli_flush_stdout(); /* a failure is reported and ends in status 1 */
  }
  (void)done;
  return g_signal != 0;
}

/* Why a rename cannot keep an existing DST whole (MK_COPY_STEP_KEEP_DEST). */
static const char *keep_reason(int rc) {
  switch (rc) {
    case -EMLINK:
      return "it has other hard links, which would keep the old content";
    case -EBUSY:
      return "it is a mount point";
    case -EACCES:
    case -EPERM:
      return "its directory is not writable";
    default:
      return mk_strerror(rc);
  }
}

static const char kInPlaceHint[] = "--in-place writes into it instead (not atomic)";

/* One line on stderr worded like cp's, from the failed step and the error. */
static void report_error(const struct cli *c, int rc, enum mk_copy_step step) {
  const char *src = cli_quote(c->src);
  const char *dst = cli_quote(c->dst);
  const char *why = mk_strerror(rc);
  switch (step) {
    case MK_COPY_STEP_STAT_SOURCE:
      fprintf(stderr, "mmapcp: cannot stat %s: %s\n", src, why);
      break;
    case MK_COPY_STEP_OPEN_SOURCE:
      if (rc == -EISDIR) {
        fprintf(stderr, "mmapcp: -r not specified; omitting directory %s\n", src);
      } else if (rc == -ESPIPE || rc == -EINVAL) {
        fprintf(stderr, "mmapcp: cannot copy %s: not a regular file\n", src);
      } else {
        fprintf(stderr, "mmapcp: cannot open %s for reading: %s\n", src, why);
      }
      break;
    case MK_COPY_STEP_STAT_DEST:
      if (rc == -ENOENT) {
        fprintf(stderr, "mmapcp: not writing through dangling symlink %s\n", dst);
      } else if (rc == -EISDIR) {
        fprintf(stderr, "mmapcp: cannot overwrite directory %s with non-directory\n", dst);
      } else if (rc == -ESPIPE || rc == -EINVAL) {
        fprintf(stderr, "mmapcp: cannot overwrite non-regular file %s\n", dst);
      } else {
        fprintf(stderr, "mmapcp: cannot stat %s: %s\n", dst, why);
      }
      break;
    case MK_COPY_STEP_SAME_FILE:
      fprintf(stderr, "mmapcp: %s and %s are the same file\n", src, dst);
      break;
    case MK_COPY_STEP_CREATE_DEST:
      fprintf(stderr, "mmapcp: cannot create regular file %s: %s\n", dst, why);
      break;
    case MK_COPY_STEP_KEEP_DEST:
      fprintf(stderr, "mmapcp: cannot replace %s atomically: %s; %s\n", dst, keep_reason(rc),
              kInPlaceHint);
      break;
    case MK_COPY_STEP_KEEP_ATTRS:
      fprintf(stderr,
              "mmapcp: cannot replace %s atomically: cannot give its owner, group or "
              "attributes to a new file (%s); %s\n",
              dst, why, kInPlaceHint);
      break;
    case MK_COPY_STEP_READ_SOURCE:
      if (rc == -ENODATA) why = "file shrank during the copy";
      fprintf(stderr, "mmapcp: error reading %s: %s\n", src, why);
      break;
    case MK_COPY_STEP_WRITE_DEST:
      fprintf(stderr, "mmapcp: error writing %s: %s\n", dst, why);
      break;
    case MK_COPY_STEP_RENAME_DEST:
      if (rc == -EBUSY || rc == -EPERM || rc == -EACCES) {
        fprintf(stderr, "mmapcp: cannot replace %s: %s; %s\n", dst, why, kInPlaceHint);
      } else {
        fprintf(stderr, "mmapcp: cannot replace %s: %s\n", dst, why);
      }
      break;
    case MK_COPY_STEP_NONE:
    default:
      fprintf(stderr, "mmapcp: cannot copy %s to %s: %s\n", src, dst, why);
      break;
  }
}

static int usage_error(const char *fmt, const char *arg) {
  fputs("mmapcp: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nTry 'mmapcp --help' for more information.\n", stderr);
  return 1;
}

/* The option getopt_long refused (optopt: 0 for an unknown long option, the
 * option for one given a value it does not take, else the unknown letter),
 * worded as glibc's getopt words it for cp. */
static int option_error(const char *arg, int opt) {
  if (opt == 0) return usage_error("unrecognized option %s", cli_quote(arg));
  const char *eq = strchr(arg, '=');
  if (strncmp(arg, "--", 2) == 0 && eq != NULL) {
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
    return usage_error("option %s doesn't allow an argument", cli_quote(name));
  }
  char letter[2] = {(char)opt, '\0'};
  return usage_error("invalid option -- %s", cli_quote(letter));
}

enum { OPT_SYNC = 256, OPT_IN_PLACE, OPT_HELP, OPT_VERSION };

/* Returns -1 to go on, or the exit status. */
static int parse_args(int argc, char **argv, struct cli *c) {
  static const struct option kLong[] = {
      {"verbose", no_argument, NULL, 'v'},           {"sync", no_argument, NULL, OPT_SYNC},
      {"in-place", no_argument, NULL, OPT_IN_PLACE}, {"help", no_argument, NULL, OPT_HELP},
      {"version", no_argument, NULL, OPT_VERSION},   {NULL, 0, NULL, 0},
  };
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, "v", kLong, NULL)) != -1) {
    switch (opt) {
      case 'v':
        c->verbose++;
        break;
      case OPT_SYNC:
        c->flags |= MK_COPY_SYNC;
        break;
      case OPT_IN_PLACE:
        c->flags |= MK_COPY_IN_PLACE;
        break;
      case OPT_HELP:
        fputs(kUsage, stdout);
        return 0;
      case OPT_VERSION:
        cli_print_version();
        return 0;
      default:
        return option_error(argv[optind - 1], optopt);
    }
  }
  int count = argc - optind;
  if (count == 0) return usage_error("%s", "missing file operand");
  if (count == 1) {
    return usage_error("missing destination file operand after %s", cli_quote(argv[optind]));
  }
  if (count > 2) return usage_error("extra operand %s", cli_quote(argv[optind + 2]));
  c->src = argv[optind];
  c->dst = argv[optind + 1];
  return -1;
}

/* Like cp: an existing directory DST receives DST/basename(SRC), DST's
 * trailing slashes dropped ("d//" -> "d/a"). Returns 0 or -ENOMEM. */
static int aim_into_directory(struct cli *c) {
  struct stat st;
  if (stat(c->dst, &st) != 0 || !S_ISDIR(st.st_mode)) return 0;
  size_t dir_len = strlen(c->dst);
  while (dir_len > 1 && c->dst[dir_len - 1] == '/') dir_len--;
  size_t src_end = strlen(c->src);
  while (src_end > 1 && c->src[src_end - 1] == '/') src_end--;
  size_t base = src_end;
  while (base > 0 && c->src[base - 1] != '/') base--;
  const char *sep = c->dst[dir_len - 1] == '/' ? "" : "/";
  if (asprintf(&c->into, "%.*s%s%.*s", (int)dir_len, c->dst, sep, (int)(src_end - base),
               c->src + base) < 0) {
    c->into = NULL;
    return -ENOMEM;
  }
  c->dst = c->into;
  return 0;
}

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

int main(int argc, char **argv) {
  cli_start("mmapcp", 1);
  setlocale(LC_CTYPE, ""); /* which bytes of a name print as themselves */
  struct cli c = {0, 0, NULL, NULL, NULL};
  int status = parse_args(argc, argv, &c);
  if (status >= 0) return status;
  if (aim_into_directory(&c) != 0) {
    fprintf(stderr, "mmapcp: %s\n", mk_strerror(ENOMEM));
    return 1;
  }

  install_signal_handlers();
  struct progress progress = {&c, 0};
  struct mk_copy_options options = MK_COPY_OPTIONS_DEFAULT;
  options.flags |= c.flags;
  options.progress = on_progress;
  options.progress_arg = &progress;
  struct mk_copy_report report;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int rc = mk_copy_file_report(c.src, c.dst, &options, &report);
  double elapsed = seconds_since(&start);

  status = 0;
  if (g_signal != 0) {
    /* Cancelled (or finished just before the signal): nothing partial is
     * left. Die of the signal, so a calling shell knows it was interrupted. */
    free(c.into);
    int sig = g_signal;
    signal(sig, SIG_DFL);
    raise(sig);
    return 128 + sig;
  }
  if (rc != 0) {
    report_error(&c, rc, report.failed);
    status = 1;
  } else if (c.verbose >= 1) {
    printf("%s -> %s\n", cli_quote(c.src), cli_quote(c.dst));
    if (c.verbose >= 2) {
      double mib = (double)report.copied / (1024.0 * 1024.0);
      printf("mmapcp: %llu bytes in %.3f s (%.1f MiB/s)\n", (unsigned long long)report.copied,
             elapsed, elapsed > 0 ? mib / elapsed : 0.0);
    }
  }
  free(c.into);
  return status;
}
