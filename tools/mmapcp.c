/* mmapcp - copy files through mmap windows, like cp (without options, or
 * with -p): the seed's copy program on mk_copy_file (//core:mmapkit). This
 * file parses arguments, sends several sources into a directory, words
 * errors as cp 9.1 does, draws the --progress bar and turns
 * SIGINT/SIGTERM/SIGHUP into a clean cancel. */
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
#include "tools/progress_bar.h"

static const char kUsage[] =
    "Usage: mmapcp [OPTION]... SRC DST\n"
    "  or:  mmapcp [OPTION]... SRC... DIRECTORY\n"
    "Copy the regular file SRC to DST, or each SRC into DIRECTORY (as\n"
    "DIRECTORY/NAME), through mmap windows, as cp would.\n"
    "\n"
    "  -j, --jobs=N    copy with N threads (1-64; default: automatic, one thread for\n"
    "                  files below 64 MiB of data, else up to two, no more than the\n"
    "                  CPUs); the result is the same with any N\n"
    "  -p              like cp -p: give the copy SRC's mode (set-user-ID, set-group-ID\n"
    "                  and sticky bits and access ACL included), owner and group where\n"
    "                  permitted (special bits only then), and times\n"
    "      --progress  draw a progress bar on stderr when it is a terminal, for each\n"
    "                  copy that takes more than a second (MMAPCP_PROGRESS_DELAY:\n"
    "                  that delay in seconds)\n"
    "  -v, --verbose   print 'SRC' -> 'DST' once the copy is complete; twice (-vv):\n"
    "                  also say what is being copied, then the bytes and throughput\n"
    "      --in-place  write into an existing DST instead of replacing it (below)\n"
    "      --sync      fsync the copy before it replaces DST, and DST's directory after\n"
    "      --help      print this help and exit\n"
    "      --version   print the version and exit\n"
    "\n"
    "Permissions, as cp gives them (without -p):\n"
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
    "  - With several SRC, each is copied on its own, with the guarantees above;\n"
    "    an error with one is reported and the others are still copied. A SRC\n"
    "    named twice is copied once; a second SRC of the same name does not\n"
    "    overwrite the copy just made of the first.\n"
    "\n"
    "Exit status: 0 on success, 1 on error (with several SRC: if any failed).\n";

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
  int progress_bar;
  unsigned flags;
  unsigned threads; /* -j; 0 = automatic */
  char **srcs;
  int nsrcs;
  const char *target; /* the last operand */
  int into_dir;       /* target is a directory receiving target/NAME */
};

/* One copy: its names, as given or built, and its progress. */
struct copy {
  const struct cli *cli;
  const char *src;
  const char *dst;
  int announced;
  struct progress_bar bar;
};

/* Before each window: announce once (-vv), draw the bar, then stop if a
 * signal came. */
static int on_progress(void *arg, uint64_t done, uint64_t total) {
  struct copy *p = arg;
  if (p->cli->verbose >= 2 && !p->announced) {
    p->announced = 1;
    printf("mmapcp: copying %s to %s", cli_quote(p->src), cli_quote(p->dst));
    if (total > 0) printf(" (%llu bytes)", (unsigned long long)total);
    printf("\n");
    (void)cli_flush_stdout(); /* a failure is reported and ends in status 1 */
  }
  progress_bar_update(&p->bar, done, total);
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
static void report_error(const struct copy *c, int rc, enum mk_copy_step step) {
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
 * option for one given a value it does not take or missing its value, else
 * the unknown letter), worded as glibc's getopt words it for cp. */
static int option_error(const char *arg, int opt, int missing_value) {
  if (missing_value && strncmp(arg, "--", 2) == 0) {
    return usage_error("option %s requires an argument", cli_quote(arg));
  }
  if (missing_value) {
    char letter[2] = {(char)opt, '\0'};
    return usage_error("option requires an argument -- %s", cli_quote(letter));
  }
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

/* -j N: 1..MK_COPY_MAX_THREADS. Returns 0 or -1. */
static int parse_threads(const char *arg, unsigned *out) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(arg, &end, 10);
  if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' || v < 1 ||
      v > MK_COPY_MAX_THREADS) {
    return -1;
  }
  *out = (unsigned)v;
  return 0;
}

enum { OPT_SYNC = 256, OPT_IN_PLACE, OPT_PROGRESS, OPT_HELP, OPT_VERSION };

/* Returns -1 to go on, or the exit status. */
static int parse_args(int argc, char **argv, struct cli *c) {
  static const struct option kLong[] = {
      {"verbose", no_argument, NULL, 'v'},           {"jobs", required_argument, NULL, 'j'},
      {"sync", no_argument, NULL, OPT_SYNC},         {"in-place", no_argument, NULL, OPT_IN_PLACE},
      {"progress", no_argument, NULL, OPT_PROGRESS}, {"help", no_argument, NULL, OPT_HELP},
      {"version", no_argument, NULL, OPT_VERSION},   {NULL, 0, NULL, 0},
  };
  opterr = 0;
  int opt;
  while ((opt = getopt_long(argc, argv, ":vpj:", kLong, NULL)) != -1) {
    switch (opt) {
      case 'v':
        c->verbose++;
        break;
      case 'p':
        c->flags |= MK_COPY_PRESERVE;
        break;
      case 'j':
        if (parse_threads(optarg, &c->threads) != 0) {
          return usage_error("invalid number of threads: %s", cli_quote(optarg));
        }
        break;
      case OPT_SYNC:
        c->flags |= MK_COPY_SYNC;
        break;
      case OPT_IN_PLACE:
        c->flags |= MK_COPY_IN_PLACE;
        break;
      case OPT_PROGRESS:
        c->progress_bar = 1;
        break;
      case OPT_HELP:
        fputs(kUsage, stdout);
        return 0;
      case OPT_VERSION:
        cli_print_version();
        return 0;
      default:
        return option_error(argv[optind - 1], optopt, opt == ':');
    }
  }
  int count = argc - optind;
  if (count == 0) return usage_error("%s", "missing file operand");
  if (count == 1) {
    return usage_error("missing destination file operand after %s", cli_quote(argv[optind]));
  }
  c->srcs = argv + optind;
  c->nsrcs = count - 1;
  c->target = argv[argc - 1];
  return -1;
}

/* Like cp: SRC DIR copies into DIR; with several sources the target must be
 * a directory. Returns 0, or 1 after the message. */
static int check_target(struct cli *c) {
  struct stat st;
  int err = stat(c->target, &st) == 0 ? 0 : errno;
  c->into_dir = err == 0 && S_ISDIR(st.st_mode);
  if (c->nsrcs == 1 || c->into_dir) return 0;
  fprintf(stderr, "mmapcp: target %s: %s\n", cli_quote(c->target),
          mk_strerror(err != 0 ? -err : -ENOTDIR));
  return 1;
}

/* dir/basename(src), dir's trailing slashes dropped ("d//" -> "d/a"), like
 * cp. Newly allocated, or NULL. */
static char *name_in_directory(const char *dir, const char *src) {
  size_t dir_len = strlen(dir);
  while (dir_len > 1 && dir[dir_len - 1] == '/') dir_len--;
  size_t src_end = strlen(src);
  while (src_end > 1 && src[src_end - 1] == '/') src_end--;
  size_t base = src_end;
  while (base > 0 && src[base - 1] != '/') base--;
  const char *sep = dir[dir_len - 1] == '/' ? "" : "/";
  char *out;
  if (asprintf(&out, "%.*s%s%.*s", (int)dir_len, dir, sep, (int)(src_end - base), src + base) < 0) {
    return NULL;
  }
  return out;
}

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* What this run made: each destination and the source it came from, so a
 * source named twice is copied once and a second source of the same name
 * does not overwrite the first one's copy (as cp). */
struct made {
  char *dst;
  dev_t dev;
  ino_t ino;
};

/* 0: go on; 1: skip this source (warned); 2: refuse it (error printed). */
static int check_made(const struct made *made, int nmade, const char *src, const char *dst) {
  struct stat st;
  if (stat(src, &st) != 0) return 0; /* the copy reports it */
  for (int i = 0; i < nmade; i++) {
    if (strcmp(made[i].dst, dst) != 0) continue;
    if (made[i].dev == st.st_dev && made[i].ino == st.st_ino) {
      fprintf(stderr, "mmapcp: warning: source file %s specified more than once\n", cli_quote(src));
      return 1;
    }
    fprintf(stderr, "mmapcp: will not overwrite just-created %s with %s\n", cli_quote(dst),
            cli_quote(src));
    return 2;
  }
  return 0;
}

/* Copies src to dst: 0 on success, 1 after reporting an error. */
static int copy_one(const struct cli *c, const char *src, const char *dst) {
  struct copy cp = {c, src, dst, 0, {0}};
  progress_bar_start(&cp.bar, c->progress_bar, cli_quote(src), "MMAPCP_PROGRESS_DELAY");
  struct mk_copy_options options = MK_COPY_OPTIONS_DEFAULT;
  options.flags |= c->flags;
  options.threads = c->threads;
  options.progress = on_progress;
  options.progress_arg = &cp;
  struct mk_copy_report report;
  struct timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  int rc = mk_copy_file_report(src, dst, &options, &report);
  double elapsed = seconds_since(&start);
  progress_bar_clear(&cp.bar);
  if (g_signal != 0) return 1; /* the caller dies of it */
  if (rc != 0) {
    report_error(&cp, rc, report.failed);
    return 1;
  }
  if (c->verbose >= 1) {
    printf("%s -> %s\n", cli_quote(src), cli_quote(dst));
    if (c->verbose >= 2) {
      double mib = (double)report.copied / (1024.0 * 1024.0);
      printf("mmapcp: %llu bytes in %.3f s (%.1f MiB/s)\n", (unsigned long long)report.copied,
             elapsed, elapsed > 0 ? mib / elapsed : 0.0);
    }
  }
  return 0;
}

/* Cancelled (or finished just before the signal): nothing partial is left.
 * Die of the signal, so a calling shell knows it was interrupted. */
static void die_of_signal(void) {
  int sig = g_signal;
  signal(sig, SIG_DFL);
  raise(sig);
  _exit(128 + sig);
}

int main(int argc, char **argv) {
  cli_start("mmapcp", 1);
  setlocale(LC_CTYPE, ""); /* which bytes of a name print as themselves */
  struct cli c;
  memset(&c, 0, sizeof c);
  int status = parse_args(argc, argv, &c);
  if (status >= 0) return status;
  if (check_target(&c) != 0) return 1;
  status = 0;

  install_signal_handlers();
  struct made *made = calloc((size_t)c.nsrcs, sizeof *made);
  int nmade = 0;
  if (made == NULL) {
    fprintf(stderr, "mmapcp: %s\n", mk_strerror(-ENOMEM));
    return 1;
  }
  for (int i = 0; i < c.nsrcs && g_signal == 0; i++) {
    const char *src = c.srcs[i];
    char *built = c.into_dir ? name_in_directory(c.target, src) : NULL;
    if (c.into_dir && built == NULL) {
      fprintf(stderr, "mmapcp: %s\n", mk_strerror(-ENOMEM));
      status = 1;
      break;
    }
    const char *dst = built != NULL ? built : c.target;
    int seen = c.nsrcs > 1 ? check_made(made, nmade, src, dst) : 0;
    if (seen == 2) status = 1;
    if (seen != 0) {
      free(built);
      continue;
    }
    if (copy_one(&c, src, dst) != 0) {
      status = 1;
      free(built);
      continue;
    }
    struct stat st;
    if (built != NULL && stat(src, &st) == 0) {
      made[nmade].dst = built; /* kept: freed at the end */
      made[nmade].dev = st.st_dev;
      made[nmade].ino = st.st_ino;
      nmade++;
    } else {
      free(built);
    }
  }
  for (int i = 0; i < nmade; i++) free(made[i].dst);
  free(made);
  if (g_signal != 0) die_of_signal();
  return status;
}
