/* bench_copy_cli - mmapcp as users meet it: whole processes (fork, exec,
 * copy, exit) against cp, `cat SRC > DST` and `dd bs=4M`, on each file
 * system, size and memory state, in interleaved rounds: every command runs
 * once per round, in an order that rotates from round to round, and each
 * round gives one ratio per pair (peer's time / mmapcp's time), so drift in
 * the machine's load hits both sides of a ratio alike. The summary is the
 * median of those ratios with their min..max, for wall-clock time and for
 * CPU time (user + system of the child, which load on other cores disturbs
 * far less), plus the median max RSS (what /usr/bin/time -v reports: the
 * child's ru_maxrss).
 *
 * A tool, not a test: nothing about time is asserted. It fails only when a
 * command fails or its copy differs from the source. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tools/bench/support.h"
#include "tools/bench_common/bench_common.h"

static const char kUsage[] =
    "Usage: bench_copy_cli --mmapcp PATH [options]\n"
    "Times whole processes copying a page-cached file: mmapcp (one row per -j\n"
    "value) against cp, `cat SRC > DST` and `dd bs=4M`, in interleaved rounds.\n"
    "\n"
    "  --mmapcp PATH     the mmapcp binary (build it with -c opt)\n"
    "  --sizes LIST      file sizes (default 4K,64M,1G)\n"
    "  --rounds N        rounds: every command once per round (default 9)\n"
    "  --states LIST     memory states, comma-separated (default cold,warm):\n"
    "                    warm: before each run, huge pages of the copy's size are\n"
    "                      touched and freed, so the destination's page cache comes\n"
    "                      from memory the hypervisor backs already;\n"
    "                    cold: before each run, a pause (--cold-pause) after the\n"
    "                      previous destination was removed: in a VM that reports\n"
    "                      free memory to its host, the destination's pages are\n"
    "                      then fresh, as after a quiet spell (on bare metal, cold\n"
    "                      and warm are the same)\n"
    "  --cold-pause SEC  the pause of the cold state (default 3)\n"
    "  --jobs LIST       mmapcp rows: 'auto' (no -j) and -j values (default auto,1,2)\n"
    "  --peers LIST      of cp,cat,dd (default all three)\n"
    "  --also 'NAME=PATH [ARG]...'  one more mmapcp binary to compare (e.g. a build\n"
    "                    of main), as a row named NAME, run with ARGs (repeatable)\n"
    "  --dir DIR         file system under test (default $TMPDIR or /tmp)\n"
    "  --shm DIR         second file system, tmpfs (default /dev/shm; 'none')\n"
    "  --quick           sizes 64M,1G, 5 rounds, warm only\n"
    "  --csv FILE        every run as a CSV line\n"
    "  --help            this text\n";

enum { MAX_CMDS = 12, MAX_ROUNDS = 64, MAX_SIZES = 8, MAX_FS = 2, MAX_ALSO = 4 };

enum state { STATE_COLD, STATE_WARM };

struct command {
  char label[32];
  /* argv, with @SRC@ and @DST@ standing for the paths of each run. */
  char args[8][1024];
  int nargs;
  int stdout_to_dst; /* the shell's `> DST`: opened O_CREAT|O_TRUNC, 0666 & ~umask */
  int is_mmapcp;
};

struct sample {
  double wall, cpu; /* seconds */
  long maxrss_kib;
  int ok;
};

struct config {
  const char *mmapcp;
  uint64_t sizes[MAX_SIZES];
  int nsizes;
  int rounds;
  int states[2];
  int nstates;
  double cold_pause;
  struct command cmds[MAX_CMDS];
  int ncmds;
  struct bench_fs fs[MAX_FS];
  int nfs;
  FILE *csv;
  char also_name[4][32]; /* --also */
  const char *also_path[4];
  int nalso;
};

static volatile sig_atomic_t g_stop;

static void on_signal(int sig) {
  (void)sig;
  g_stop = 1;
}

/* arg with @SRC@ and @DST@ replaced, into buf. */
static const char *expand(const char *arg, const char *src, const char *dst, char *buf,
                          size_t len) {
  const char *at = strstr(arg, "@SRC@");
  const char *path = src;
  if (at == NULL) {
    at = strstr(arg, "@DST@");
    path = dst;
  }
  if (at == NULL) return arg;
  int n = snprintf(buf, len, "%.*s%s%s", (int)(at - arg), arg, path, at + 5);
  return n >= 0 && (size_t)n < len ? buf : "/path-too-long";
}

/* Runs one command: fork, (redirect,) exec, wait4. The time covers what a
 * shell's user waits for: fork to reaped child. */
static int run_command(const struct command *c, const char *src, const char *dst,
                       struct sample *out, char *err, size_t errlen) {
  static char bufs[8][4200 + 1024];
  const char *argv[9];
  for (int i = 0; i < c->nargs; i++)
    argv[i] = expand(c->args[i], src, dst, bufs[i], sizeof bufs[i]);
  argv[c->nargs] = NULL;
  double t0 = bench_now_sec();
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(err, errlen, "fork: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    if (c->stdout_to_dst) {
      int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0666);
      if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0) _exit(126);
      close(fd);
    }
    execvp(argv[0], (char *const *)argv);
    _exit(127);
  }
  int status;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) {
      snprintf(err, errlen, "wait4: %s", strerror(errno));
      return -1;
    }
  }
  out->wall = bench_now_sec() - t0;
  out->cpu = bench_timeval_sec(ru.ru_utime) + bench_timeval_sec(ru.ru_stime);
  out->maxrss_kib = ru.ru_maxrss;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    snprintf(err, errlen, "%s: %s %d", c->label, WIFEXITED(status) ? "exit status" : "signal",
             WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return -1;
  }
  return 0;
}

/* A command from its label and argv (NULL-terminated, at most 8); NULL if an
 * argument is too long to keep. */
static struct command *add_command(struct config *cfg, const char *label, const char *const *argv) {
  struct command *c = &cfg->cmds[cfg->ncmds];
  memset(c, 0, sizeof *c);
  snprintf(c->label, sizeof c->label, "%s", label);
  for (; argv[c->nargs] != NULL && c->nargs < 8; c->nargs++) {
    int n = snprintf(c->args[c->nargs], sizeof c->args[c->nargs], "%s", argv[c->nargs]);
    if (n < 0 || (size_t)n >= sizeof c->args[c->nargs]) {
      fprintf(stderr, "bench_copy_cli: argument too long: %s\n", argv[c->nargs]);
      return NULL;
    }
  }
  cfg->ncmds++;
  return c;
}

/* Marks a command mmapcp's; 0, or -1 for a command that could not be added. */
static int mark_mmapcp(struct command *c) {
  if (c == NULL) return -1;
  c->is_mmapcp = 1;
  return 0;
}

/* --jobs "auto,1,2" -> mmapcp, mmapcp -j 1, mmapcp -j 2. */
static int add_mmapcp_rows(struct config *cfg, const char *list) {
  char *copy = strdup(list);
  int rc = copy != NULL ? 0 : -1;
  for (char *save, *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && rc == 0;
       tok = strtok_r(NULL, ",", &save)) {
    char *end;
    long j = strtol(tok, &end, 10);
    char label[32];
    snprintf(label, sizeof label, "mmapcp -j %ld", j);
    const char *with_j[] = {cfg->mmapcp, "-j", tok, "@SRC@", "@DST@", NULL};
    const char *auto_j[] = {cfg->mmapcp, "@SRC@", "@DST@", NULL};
    if (cfg->ncmds > MAX_CMDS - 4) {
      rc = -1;
    } else if (strcmp(tok, "auto") == 0) {
      rc = mark_mmapcp(add_command(cfg, "mmapcp", auto_j));
    } else if (*end == '\0' && j >= 1 && j <= 64) {
      rc = mark_mmapcp(add_command(cfg, label, with_j));
    } else {
      rc = -1;
    }
  }
  free(copy);
  return rc;
}

/* --also 'NAME=PATH [ARG]...': other mmapcp binaries, `PATH ARG... SRC DST`. */
static int add_also_rows(struct config *cfg) {
  for (int i = 0; i < cfg->nalso; i++) {
    const char *argv[9];
    int n = 0;
    char *copy = strdup(cfg->also_path[i]);
    if (copy == NULL || cfg->ncmds > MAX_CMDS - 4) {
      free(copy);
      return -1;
    }
    for (char *save, *tok = strtok_r(copy, " ", &save); tok && n < 6;
         tok = strtok_r(NULL, " ", &save)) {
      argv[n++] = tok;
    }
    argv[n++] = "@SRC@";
    argv[n++] = "@DST@";
    argv[n] = NULL;
    int ok = access(argv[0], X_OK) == 0;
    if (ok) ok = mark_mmapcp(add_command(cfg, cfg->also_name[i], argv)) == 0;
    free(copy); /* add_command copied the arguments */
    if (!ok) return -1;
  }
  return 0;
}

static int add_peers(struct config *cfg, const char *list) {
  static const char *const kCp[] = {"cp", "@SRC@", "@DST@", NULL};
  static const char *const kCat[] = {"cat", "@SRC@", NULL};
  static const char *const kDd[] = {"dd", "if=@SRC@", "of=@DST@", "bs=4M", "status=none", NULL};
  char *copy = strdup(list);
  int rc = copy != NULL ? 0 : -1;
  for (char *save, *tok = copy ? strtok_r(copy, ",", &save) : NULL; tok && rc == 0;
       tok = strtok_r(NULL, ",", &save)) {
    if (cfg->ncmds == MAX_CMDS) {
      rc = -1;
    } else if (strcmp(tok, "cp") == 0) {
      rc = add_command(cfg, "cp", kCp) != NULL ? 0 : -1;
    } else if (strcmp(tok, "cat") == 0) {
      struct command *c = add_command(cfg, "cat >", kCat);
      if (c != NULL) c->stdout_to_dst = 1;
      rc = c != NULL ? 0 : -1;
    } else if (strcmp(tok, "dd") == 0) {
      rc = add_command(cfg, "dd bs=4M", kDd) != NULL ? 0 : -1;
    } else {
      rc = -1;
    }
  }
  free(copy);
  return rc;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

struct spread {
  double med, min, max;
  int n;
};

static struct spread spread_of(double *v, int n) {
  struct spread s = {0, 0, 0, n};
  if (n == 0) return s;
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  s.min = v[0];
  s.max = v[n - 1];
  s.med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return s;
}

/* Before each run: the destination is gone; memory made warm, or left to
 * go cold. */
static void prepare_run(const struct config *cfg, enum state st, const char *dst, uint64_t size) {
  unlink(dst);
  if (st == STATE_WARM) {
    bench_prewarm(size);
  } else {
    struct timespec ts = {(time_t)cfg->cold_pause,
                          (long)((cfg->cold_pause - (double)(time_t)cfg->cold_pause) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !g_stop) {
    }
  }
}

static const char *state_name(int st) {
  return st == STATE_WARM ? "warm" : "cold";
}

/* One block: a file system, a size, a memory state; every command in every
 * round. Prints the block's table. Returns the number of failed runs. */
static int run_block(struct config *cfg, int f, uint64_t size, int st) {
  static struct sample s[MAX_CMDS][MAX_ROUNDS];
  char src[4200], dst[4200], sz[32], err[256];
  snprintf(src, sizeof src, "%s/src-%llu", cfg->fs[f].dir, (unsigned long long)size);
  snprintf(dst, sizeof dst, "%s/dst", cfg->fs[f].dir);
  bench_size_text(size, sz, sizeof sz);
  double load_start = bench_load1();
  int failed = 0;
  memset(s, 0, sizeof s);
  for (int r = 0; r < cfg->rounds && !g_stop; r++) {
    if (bench_preload(src, size) < 1.0) fprintf(stderr, "bench_copy_cli: %s not all cached\n", src);
    for (int k = 0; k < cfg->ncmds && !g_stop; k++) {
      int c = (k + r) % cfg->ncmds; /* rotate: no command always runs first */
      prepare_run(cfg, (enum state)st, dst, size);
      struct sample *x = &s[c][r];
      if (run_command(&cfg->cmds[c], src, dst, x, err, sizeof err) == 0 &&
          bench_verify(src, dst, size, err, sizeof err) == 0) {
        x->ok = 1;
      } else {
        failed++;
        fprintf(stderr, "bench_copy_cli: %s, %s, %s, round %d: %s\n", cfg->fs[f].label, sz,
                state_name(st), r + 1, err);
      }
      if (cfg->csv != NULL) {
        fprintf(cfg->csv, "\"%s\",%llu,%s,%d,\"%s\",%d,%.6f,%.6f,%ld,%.2f\n", cfg->fs[f].label,
                (unsigned long long)size, state_name(st), r + 1, cfg->cmds[c].label, x->ok, x->wall,
                x->cpu, x->maxrss_kib, bench_load1());
      }
    }
  }
  unlink(dst);

  printf("\n== %s, %s, %s, %d rounds; load average %.2f -> %.2f\n", cfg->fs[f].label, sz,
         state_name(st), cfg->rounds, load_start, bench_load1());
  printf("  %-14s %22s %22s %12s\n", "command", "wall ms: median (min..max)",
         "cpu ms: median (min..max)", "max RSS KiB");
  for (int c = 0; c < cfg->ncmds; c++) {
    double w[MAX_ROUNDS], u[MAX_ROUNDS], m[MAX_ROUNDS];
    int n = 0;
    for (int r = 0; r < cfg->rounds; r++) {
      if (!s[c][r].ok) continue;
      w[n] = s[c][r].wall * 1e3;
      u[n] = s[c][r].cpu * 1e3;
      m[n] = (double)s[c][r].maxrss_kib;
      n++;
    }
    struct spread sw = spread_of(w, n), su = spread_of(u, n), sm = spread_of(m, n);
    if (n == 0) {
      printf("  %-14s FAILED\n", cfg->cmds[c].label);
      continue;
    }
    printf("  %-14s %9.2f (%.2f..%.2f) %9.2f (%.2f..%.2f) %12.0f\n", cfg->cmds[c].label, sw.med,
           sw.min, sw.max, su.med, su.min, su.max, sm.med);
  }
  printf(
      "  ratio = peer's time / mmapcp's time in the same round (> 1: mmapcp faster);\n"
      "  median (min..max) over the rounds\n");
  printf("  %-28s %24s %24s\n", "", "wall", "cpu");
  for (int a = 0; a < cfg->ncmds; a++) {
    if (!cfg->cmds[a].is_mmapcp) continue;
    for (int b = 0; b < cfg->ncmds; b++) {
      if (cfg->cmds[b].is_mmapcp) continue;
      double w[MAX_ROUNDS], u[MAX_ROUNDS];
      int n = 0;
      for (int r = 0; r < cfg->rounds; r++) {
        if (!s[a][r].ok || !s[b][r].ok || s[a][r].wall <= 0) continue;
        w[n] = s[b][r].wall / s[a][r].wall;
        u[n] = s[a][r].cpu > 0 ? s[b][r].cpu / s[a][r].cpu : 0;
        n++;
      }
      struct spread sw = spread_of(w, n), su = spread_of(u, n);
      char pair[2 * sizeof cfg->cmds[0].label + 8];
      snprintf(pair, sizeof pair, "%s vs %s", cfg->cmds[a].label, cfg->cmds[b].label);
      if (n == 0) {
        printf("  %-28s %24s\n", pair, "no pair");
        continue;
      }
      printf("  %-28s %6.2fx (%.2f..%.2f)     %6.2fx (%.2f..%.2f)\n", pair, sw.med, sw.min, sw.max,
             su.med, su.min, su.max);
    }
  }
  fflush(stdout);
  return failed;
}

static int parse_states(const char *list, struct config *cfg) {
  cfg->nstates = 0;
  char *copy = strdup(list);
  if (copy == NULL) return -1;
  int rc = 0;
  for (char *save, *tok = strtok_r(copy, ",", &save); tok && rc == 0;
       tok = strtok_r(NULL, ",", &save)) {
    if (cfg->nstates == 2) {
      rc = -1;
    } else if (strcmp(tok, "cold") == 0) {
      cfg->states[cfg->nstates++] = STATE_COLD;
    } else if (strcmp(tok, "warm") == 0) {
      cfg->states[cfg->nstates++] = STATE_WARM;
    } else {
      rc = -1;
    }
  }
  free(copy);
  return rc == 0 && cfg->nstates > 0 ? 0 : -1;
}

static void print_header(int argc, char **argv, const struct config *cfg) {
  struct utsname u;
  uname(&u);
  time_t t = time(NULL);
  char date[64];
  strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S %Z", localtime(&t));
  printf("# bench_copy_cli:");
  for (int i = 1; i < argc; i++) printf(" %s", argv[i]);
  printf("\n# %s; %s %s; %ld CPUs online\n", date, u.sysname, u.release,
         sysconf(_SC_NPROCESSORS_ONLN));
  printf("# commands:");
  for (int c = 0; c < cfg->ncmds; c++) printf("%s %s", c ? "," : "", cfg->cmds[c].label);
  printf(
      "\n# sources page-cached (written, fsync'ed, read back); each destination new,\n"
      "# verified byte for byte after its run; cold pause %.1f s\n",
      cfg->cold_pause);
  bench_print_load("at start");
}

int main(int argc, char **argv) {
  struct config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.rounds = 9;
  cfg.cold_pause = 3;
  cfg.nsizes = bench_parse_sizes("4K,64M,1G", cfg.sizes, MAX_SIZES);
  parse_states("cold,warm", &cfg);
  const char *jobs = "auto,1,2", *peers = "cp,cat,dd";
  const char *dir = getenv("TMPDIR") != NULL && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  const char *shm = "/dev/shm";
  char *csv = NULL;
  int quick = 0, sizes_given = 0, rounds_given = 0, states_given = 0, bad = 0;

  enum {
    HELP = 'h',
    QUICK = 256,
    MMAPCP,
    SIZES,
    ROUNDS,
    STATES,
    COLD_PAUSE,
    JOBS,
    PEERS,
    ALSO,
    DIR_,
    SHM,
    CSV
  };
  static const struct option kOptions[] = {
      {"help", no_argument, NULL, HELP},
      {"quick", no_argument, NULL, QUICK},
      {"mmapcp", required_argument, NULL, MMAPCP},
      {"sizes", required_argument, NULL, SIZES},
      {"rounds", required_argument, NULL, ROUNDS},
      {"states", required_argument, NULL, STATES},
      {"cold-pause", required_argument, NULL, COLD_PAUSE},
      {"jobs", required_argument, NULL, JOBS},
      {"peers", required_argument, NULL, PEERS},
      {"also", required_argument, NULL, ALSO},
      {"dir", required_argument, NULL, DIR_},
      {"shm", required_argument, NULL, SHM},
      {"csv", required_argument, NULL, CSV},
      {NULL, 0, NULL, 0},
  };
  int opt;
  while ((opt = getopt_long(argc, argv, "h", kOptions, NULL)) != -1) {
    const char *v = optarg;
    switch (opt) {
      case HELP:
        fputs(kUsage, stdout);
        return 0;
      case QUICK:
        quick = 1;
        break;
      case MMAPCP:
        cfg.mmapcp = v;
        break;
      case SIZES:
        cfg.nsizes = bench_parse_sizes(v, cfg.sizes, MAX_SIZES);
        sizes_given = 1;
        break;
      case ROUNDS:
        cfg.rounds = atoi(v);
        rounds_given = 1;
        break;
      case STATES:
        bad |= parse_states(v, &cfg) != 0;
        states_given = 1;
        break;
      case COLD_PAUSE:
        cfg.cold_pause = atof(v);
        break;
      case JOBS:
        jobs = v;
        break;
      case PEERS:
        peers = v;
        break;
      case ALSO: {
        const char *eq = strchr(v, '=');
        if (eq == NULL || eq == v || cfg.nalso == MAX_ALSO) {
          fprintf(stderr, "bench_copy_cli: --also NAME=PATH\n");
          return 2;
        }
        snprintf(cfg.also_name[cfg.nalso], sizeof cfg.also_name[0], "%.*s", (int)(eq - v), v);
        cfg.also_path[cfg.nalso++] = eq + 1;
        break;
      }
      case DIR_:
        dir = v;
        break;
      case SHM:
        shm = strcmp(v, "none") == 0 ? NULL : v;
        break;
      case CSV:
        csv = bench_user_path(v);
        break;
      default: /* getopt_long said what was wrong */
        fputs(kUsage, stderr);
        return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "bench_copy_cli: unexpected argument: %s\n%s", argv[optind], kUsage);
    return 2;
  }
  if (quick) {
    if (!sizes_given) cfg.nsizes = bench_parse_sizes("64M,1G", cfg.sizes, MAX_SIZES);
    if (!rounds_given) cfg.rounds = 5;
    if (!states_given) parse_states("warm", &cfg);
  }
  if (cfg.mmapcp == NULL || access(cfg.mmapcp, X_OK) != 0) {
    fprintf(stderr, "bench_copy_cli: --mmapcp PATH (an executable mmapcp) is required\n");
    return 2;
  }
  if (bad || cfg.nsizes <= 0 || cfg.rounds < 1 || cfg.rounds > MAX_ROUNDS || cfg.cold_pause < 0 ||
      add_mmapcp_rows(&cfg, jobs) != 0 || add_also_rows(&cfg) != 0 || add_peers(&cfg, peers) != 0) {
    fprintf(stderr,
            "bench_copy_cli: bad --sizes, --rounds (1..%d), --states, --cold-pause, "
            "--jobs, --also or --peers\n",
            MAX_ROUNDS);
    return 2;
  }
  uint64_t need = (64u << 20);
  for (int i = 0; i < cfg.nsizes; i++) need += cfg.sizes[i];
  uint64_t largest = 0;
  for (int i = 0; i < cfg.nsizes; i++) largest = cfg.sizes[i] > largest ? cfg.sizes[i] : largest;
  need += 2 * largest; /* a destination and mmapcp's temporary file */
  if (bench_add_fs("bench_copy_cli", cfg.fs, &cfg.nfs, dir, need) != 0 ||
      (shm != NULL && bench_add_fs("bench_copy_cli", cfg.fs, &cfg.nfs, shm, need) != 0)) {
    return 1;
  }
  if (csv != NULL) {
    cfg.csv = fopen(csv, "w");
    if (cfg.csv == NULL) {
      fprintf(stderr, "bench_copy_cli: cannot write %s: %s\n", csv, strerror(errno));
      return 1;
    }
    fprintf(cfg.csv, "fs,bytes,state,round,command,ok,wall_s,cpu_s,maxrss_kib,load1\n");
  }

  bench_catch_interrupts(on_signal);

  print_header(argc, argv, &cfg);
  int failed = 0;
  for (int f = 0; f < cfg.nfs && !g_stop; f++) {
    /* Sources first, then the blocks: every source stays cached. */
    for (int i = 0; i < cfg.nsizes && !g_stop; i++) {
      char src[4200];
      snprintf(src, sizeof src, "%s/src-%llu", cfg.fs[f].dir, (unsigned long long)cfg.sizes[i]);
      int rc = bench_make_source(src, cfg.sizes[i]);
      if (rc != 0 || bench_preload(src, cfg.sizes[i]) < 1.0) {
        fprintf(stderr, "bench_copy_cli: cannot prepare %s: %s\n", src, strerror(-rc));
        failed++;
      }
    }
    for (int i = 0; i < cfg.nsizes && !g_stop; i++) {
      for (int k = 0; k < cfg.nstates && !g_stop; k++) {
        failed += run_block(&cfg, f, cfg.sizes[i], cfg.states[k]);
      }
    }
  }
  printf("\n");
  bench_print_load("at end");
  for (int f = 0; f < cfg.nfs; f++) {
    bench_remove_scratch(cfg.fs[f].dir);
    free(cfg.fs[f].dir);
  }
  if (cfg.csv != NULL) {
    fclose(cfg.csv);
    printf("CSV: %s\n", csv);
  }
  free(csv);
  if (g_stop) {
    fprintf(stderr, "bench_copy_cli: interrupted; scratch files removed\n");
    return 130;
  }
  if (failed) fprintf(stderr, "bench_copy_cli: %d runs failed or did not verify\n", failed);
  return failed ? 1 : 0;
}
