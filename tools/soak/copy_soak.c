/* copy_soak - several mmapcp processes replace one destination at once while their sources
 * are replaced and cut short, a small tmpfs fills up, and copies are killed.
 *
 *   copy_soak --mmapcp PATH --dir DIR [--seconds N] [--copiers K] [--tmpfs-kib K] [--seed S]
 *
 * Sources DIR/src/s0..s2 hold versions: version v has a length L(v) and content derived from
 * v (a header naming v and L(v), then a stream of v); it may also be cut, in place, to one
 * of three shorter lengths of its own, each only ever shorter than the last. New versions
 * arrive by rename. So every state a source passes through is "version v at one of its
 * allowed lengths", and every copy that succeeded must be exactly one of those.
 * The destination DIR/dst/file lives on a tmpfs of --tmpfs-kib KiB, mounted in a private
 * mount namespace (root only; otherwise the copies go to DIR's file system and the
 * full-file-system part is skipped, which is said). A filler process keeps that tmpfs
 * nearly full. A checker process reads the destination over and over: it must always exist
 * and always be one complete state of some version (version 0 at first), never a mix.
 * Copies are killed at random: SIGKILL (a temporary file may stay behind) or SIGTERM
 * (mmapcp cancels, cleans up and dies of it). Every 5 s the copiers pause and the
 * directory is inspected: temporary files ".file.mmapkit-*" may be left only by copies that
 * were SIGKILLed (at most one each); they are counted and removed.
 * mmapcp may fail only with ENOSPC (the tmpfs is full) or ENODATA (its source was cut while
 * it copied); anything else is a failure.
 * Prints the counts; exits 0 if the destination was never wrong and nothing was left over
 * that should not be, 1 otherwise, 2 on a usage or setup error. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools/soak/soak_util.h"

extern char **environ;

enum { SOURCES = 3, MAX_COPIERS = 8, HEADER = 64, CUTS = 3, EPOCH_MS = 5000, HANG_MS = 30000 };
#define MAX_LEN ((uint64_t)3 << 20)
#define STREAM 0x50a4u /* names the content stream of every version */

/* --- versions: lengths and content ---------------------------------------------------- */

/* The full length of version v (v >= 1; version 0 is the first destination). Small ones
 * often, all kinds of alignment. */
static uint64_t full_len(uint32_t v) {
  uint64_t st = (uint64_t)v * 0x9e3779b97f4a7c15ull;
  uint64_t r = soak_random(&st);
  return r % 4 == 0 ? soak_between(&st, HEADER, 8192) : soak_between(&st, HEADER, MAX_LEN);
}

/* The allowed lengths of version v, longest first: the full length and its cuts. */
static int allowed_lens(uint32_t v, uint64_t lens[CUTS + 1]) {
  uint64_t st = (uint64_t)v * 0xc2b2ae3d27d4eb4full;
  int n = 0;
  lens[n++] = full_len(v);
  while (n <= CUTS && lens[n - 1] > HEADER) {
    lens[n] = soak_between(&st, HEADER, lens[n - 1] - 1);
    n++;
  }
  return n;
}

static void header_of(uint32_t v, char out[HEADER]) {
  char text[HEADER + 1];
  int n = snprintf(text, sizeof text, "mmapkit-soak version %010u length %010llu\n", v,
                   (unsigned long long)full_len(v));
  memset(out, '.', HEADER);
  memcpy(out, text, (size_t)n);
  out[HEADER - 1] = '\n';
}

/* Bytes [from, from + n) of version v. */
static void content(uint32_t v, uint8_t *buf, uint64_t from, size_t n) {
  char h[HEADER];
  header_of(v, h);
  size_t i = 0;
  for (; i < n && from + i < HEADER; i++) buf[i] = (uint8_t)h[from + i];
  if (i < n) soak_fill(buf + i, n - i, v, STREAM, from + i - HEADER);
}

/* "" if buf[0..n) is version v at one of its allowed lengths, else what is wrong. */
static const char *judge(const uint8_t *buf, uint64_t n, uint32_t *version) {
  static char why[160];
  unsigned v;
  unsigned long long len;
  if (n < HEADER ||
      sscanf((const char *)buf, "mmapkit-soak version %10u length %10llu", &v, &len) != 2) {
    snprintf(why, sizeof why, "%llu bytes without a version header", (unsigned long long)n);
    return why;
  }
  *version = v;
  uint64_t lens[CUTS + 1];
  int k = allowed_lens(v, lens), ok = 0;
  for (int i = 0; i < k; i++) ok |= lens[i] == n;
  if (len != full_len(v) || !ok) {
    snprintf(why, sizeof why, "version %u is %llu bytes: not one of its lengths", v,
             (unsigned long long)n);
    return why;
  }
  static uint8_t want[1 << 16];
  for (uint64_t off = 0; off < n; off += sizeof want) {
    size_t chunk = n - off < sizeof want ? (size_t)(n - off) : sizeof want;
    content(v, want, off, chunk);
    if (memcmp(buf + off, want, chunk) != 0) {
      size_t at = 0;
      while (buf[off + at] == want[at]) at++;
      snprintf(why, sizeof why, "version %u (%llu bytes) differs at byte %llu: a mix or a tear", v,
               (unsigned long long)n, (unsigned long long)(off + at));
      return why;
    }
  }
  return "";
}

/* Writes version v at its full length to path (created or truncated). */
static int write_version(const char *path, uint32_t v) {
  static uint8_t chunk[1 << 20];
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return -errno;
  uint64_t len = full_len(v);
  for (uint64_t off = 0; off < len;) {
    size_t n = len - off < sizeof chunk ? (size_t)(len - off) : sizeof chunk;
    content(v, chunk, off, n);
    ssize_t w = pwrite(fd, chunk, n, (off_t)off);
    if (w <= 0) {
      int err = w < 0 ? errno : EIO;
      close(fd);
      return -err;
    }
    off += (uint64_t)w;
  }
  return close(fd) == 0 ? 0 : -errno;
}

/* --- shared state ----------------------------------------------------------------------- */

struct shared {
  uint32_t stop;
  uint64_t checks, filler_bytes, filler_enospc;
  uint32_t wrong, missing; /* the destination judged wrong, or not there */
  uint32_t failures;       /* anything else that must not happen */
  uint32_t problem_taken;
  char problem[512];
};
static struct shared *S;

__attribute__((format(printf, 2, 3))) static void problem(uint32_t *counter, const char *fmt, ...) {
  __atomic_add_fetch(counter, 1, __ATOMIC_SEQ_CST);
  if (__atomic_exchange_n(&S->problem_taken, 1, __ATOMIC_SEQ_CST)) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(S->problem, sizeof S->problem, fmt, ap);
  va_end(ap);
}

static char dst_dir[4096], dst[4200], src_dir[4096];

/* Reads the whole destination and judges it. Returns 0 if it is right. */
static int check_destination(uint8_t *buf, size_t cap) {
  int fd = open(dst, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    problem(&S->missing, "the destination cannot be opened: %s", strerror(errno));
    return -1;
  }
  uint64_t n = 0;
  ssize_t r;
  while (n < cap && (r = pread(fd, buf + n, cap - n, (off_t)n)) > 0) n += (uint64_t)r;
  close(fd);
  uint32_t v = 0;
  const char *why = judge(buf, n, &v);
  __atomic_add_fetch(&S->checks, 1, __ATOMIC_SEQ_CST);
  if (*why) {
    problem(&S->wrong, "the destination is wrong: %s", why);
    return -1;
  }
  return 0;
}

static void run_checker(void) {
  uint8_t *buf = malloc(MAX_LEN + 1);
  if (!buf) _exit(2);
  while (!__atomic_load_n(&S->stop, __ATOMIC_SEQ_CST)) check_destination(buf, MAX_LEN + 1);
  _exit(0);
}

/* Fills the tmpfs up: files of 64 KiB .. 1 MiB until ENOSPC, held a while, then some or all
 * removed, and a pause before filling again (so copies also find room). */
static void run_filler(uint64_t seed) {
  static uint8_t chunk[1 << 16];
  memset(chunk, 0x5a, sizeof chunk);
  uint64_t rng = seed ^ 0xf111;
  int files = 0;
  char path[4300];
  while (!__atomic_load_n(&S->stop, __ATOMIC_SEQ_CST)) {
    snprintf(path, sizeof path, "%s/fill.%d", dst_dir, files);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int full = fd < 0 && errno == ENOSPC;
    if (fd >= 0) {
      files++;
      uint64_t want = soak_between(&rng, 1, 16) * sizeof chunk;
      for (uint64_t off = 0; off < want && !full; off += sizeof chunk) {
        ssize_t w = write(fd, chunk, sizeof chunk);
        if (w > 0) __atomic_add_fetch(&S->filler_bytes, (uint64_t)w, __ATOMIC_SEQ_CST);
        full = w < (ssize_t)sizeof chunk;
      }
      close(fd);
    }
    if (full) {
      __atomic_add_fetch(&S->filler_enospc, 1, __ATOMIC_SEQ_CST);
      soak_sleep_ms((long)soak_between(&rng, 10, 200));
      /* Give back some of it, or all. */
      int keep = soak_random(&rng) % 3 == 0 ? 0 : (int)soak_between(&rng, 0, (uint64_t)files);
      for (int i = keep; i < files; i++) {
        snprintf(path, sizeof path, "%s/fill.%d", dst_dir, i);
        unlink(path);
      }
      files = keep;
      soak_sleep_ms((long)soak_between(&rng, 0, 300));
    }
  }
  for (int i = 0; i < files; i++) {
    snprintf(path, sizeof path, "%s/fill.%d", dst_dir, i);
    unlink(path);
  }
  _exit(0);
}

/* --- copiers ------------------------------------------------------------------------------- */

struct copier {
  pid_t pid;  /* 0: idle */
  int err_fd; /* read end of its stderr */
  int signal; /* what we sent it, if anything */
};

static struct copier copiers[MAX_COPIERS];
static long n_copiers;
static const char *mmapcp;
static struct {
  long started, ok, enospc, enodata, sigkilled, sigtermed, unexpected, leftovers, leftovers_bad,
      epochs, versions, cuts, unexpected_signal, hangs;
} stats;
static long kills_this_epoch;

static void start_copier(struct copier *c, uint64_t *rng) {
  char src[4200];
  snprintf(src, sizeof src, "%s/s%d", src_dir, (int)(soak_random(rng) % SOURCES));
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) {
    perror("copy_soak: pipe");
    exit(2);
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
  int sync = soak_random(rng) % 4 == 0;
  char *argv[] = {(char *)"mmapcp", sync ? (char *)"--sync" : (char *)"--", src, dst, NULL};
  int rc = posix_spawn(&c->pid, mmapcp, &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  if (rc != 0) {
    fprintf(stderr, "copy_soak: cannot run %s: %s\n", mmapcp, strerror(rc));
    exit(2);
  }
  c->err_fd = pipefd[0];
  c->signal = 0;
  stats.started++;
}

/* Sorts out how copier c ended. */
static void finished(struct copier *c, int status) {
  char err[1024] = "";
  ssize_t n = read(c->err_fd, err, sizeof err - 1);
  if (n > 0) err[n] = '\0';
  close(c->err_fd);
  c->pid = 0;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    stats.ok++;
  } else if (WIFEXITED(status) && strstr(err, strerror(ENOSPC))) {
    stats.enospc++;
  } else if (WIFEXITED(status) && (strstr(err, strerror(ENODATA)) || strstr(err, "shrank"))) {
    stats.enodata++;
  } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && c->signal == SIGKILL) {
    stats.sigkilled++;
    kills_this_epoch++;
  } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM && c->signal == SIGTERM) {
    stats.sigtermed++;
  } else if (WIFSIGNALED(status)) {
    stats.unexpected_signal++;
    problem(&S->failures, "mmapcp died of signal %d (%s)", WTERMSIG(status),
            strsignal(WTERMSIG(status)));
  } else {
    stats.unexpected++;
    problem(&S->failures, "mmapcp failed unexpectedly (exit %d): %s", WEXITSTATUS(status), err);
  }
}

static void reap_copiers(int block) {
  for (int i = 0; i < n_copiers; i++) {
    struct copier *c = &copiers[i];
    int status;
    if (c->pid && waitpid(c->pid, &status, block ? 0 : WNOHANG) == c->pid) finished(c, status);
  }
}

/* With the copiers paused: temporary files left behind, which only SIGKILLed copies may
 * leave (at most one each). Counts and removes them. */
static void inspect_leftovers(void) {
  DIR *d = opendir(dst_dir);
  struct dirent *e;
  long found = 0;
  char names[256] = "", path[4400];
  while (d && (e = readdir(d)) != NULL) {
    if (strncmp(e->d_name, ".file.mmapkit-", 14) != 0) continue;
    found++;
    if (strlen(names) + strlen(e->d_name) + 2 < sizeof names) {
      strcat(names, " ");
      strcat(names, e->d_name);
    }
    snprintf(path, sizeof path, "%s/%s", dst_dir, e->d_name);
    unlink(path);
  }
  if (d) closedir(d);
  stats.leftovers += found;
  if (found > kills_this_epoch) {
    stats.leftovers_bad += found - kills_this_epoch;
    problem(&S->failures, "%ld temporary files left, but only %ld copies were SIGKILLed:%s", found,
            kills_this_epoch, names);
  }
  kills_this_epoch = 0;
  stats.epochs++;
}

/* --- sources -------------------------------------------------------------------------------- */

static uint32_t next_version = 1;
static struct {
  uint32_t v;
  int cut; /* how many cuts so far */
} sources[SOURCES];

static void new_version(int i) {
  char tmp[4200], path[4200];
  snprintf(tmp, sizeof tmp, "%s/.s%d.new", src_dir, i);
  snprintf(path, sizeof path, "%s/s%d", src_dir, i);
  uint32_t v = next_version++;
  int rc = write_version(tmp, v);
  if (rc != 0 || rename(tmp, path) != 0) {
    fprintf(stderr, "copy_soak: writing source version %u: %s\n", v, strerror(rc ? -rc : errno));
    exit(2);
  }
  sources[i].v = v;
  sources[i].cut = 0;
  stats.versions++;
}

/* Cuts source i, in place, to the next shorter length of its version (if any is left). */
static void cut(int i) {
  uint64_t lens[CUTS + 1];
  int n = allowed_lens(sources[i].v, lens);
  if (sources[i].cut + 1 >= n) return;
  char path[4200];
  snprintf(path, sizeof path, "%s/s%d", src_dir, i);
  if (truncate(path, (off_t)lens[++sources[i].cut]) != 0) {
    fprintf(stderr, "copy_soak: cutting %s: %s\n", path, strerror(errno));
    exit(2);
  }
  stats.cuts++;
}

/* A tmpfs of kib KiB on dst_dir, seen by this process and its children only. "" or why not. */
static const char *mount_small_tmpfs(long kib) {
  static char why[256];
  char opts[64];
  snprintf(opts, sizeof opts, "size=%ldk", kib);
  if (geteuid() != 0) return "not root";
  if (unshare(CLONE_NEWNS) != 0) {
    snprintf(why, sizeof why, "unshare(CLONE_NEWNS): %s", strerror(errno));
    return why;
  }
  if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount("tmpfs", dst_dir, "tmpfs", 0, opts) != 0) {
    snprintf(why, sizeof why, "mount: %s", strerror(errno));
    return why;
  }
  return "";
}

static pid_t fork_role(void (*role)(void)) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    perror("copy_soak: fork");
    exit(2);
  }
  if (pid == 0) role();
  return pid;
}

static long seed;
static void filler_role(void) {
  run_filler((uint64_t)seed);
}

int main(int argc, char **argv) {
  long seconds = 20, tmpfs_kib = 16384;
  const char *dir = NULL;
  n_copiers = 3;
  seed = 1;
  const struct soak_option options[] = {
      {"--mmapcp", NULL, &mmapcp, "the mmapcp binary (required)"},
      {"--dir", NULL, &dir, "an empty directory to work in (required)"},
      {"--seconds", &seconds, NULL, "how long copies run (default 20)"},
      {"--copiers", &n_copiers, NULL, "mmapcp processes at a time (default 3)"},
      {"--tmpfs-kib", &tmpfs_kib, NULL, "size of the destination's tmpfs (default 16384)"},
      {"--seed", &seed, NULL, "of the random choices (default 1)"},
      {NULL, NULL, NULL, NULL}};
  if (soak_parse(argc, argv, options,
                 "Usage: copy_soak --mmapcp PATH --dir DIR [options]\nmmapcp processes replacing "
                 "one destination while sources change and the disk fills.\n") != 0)
    return 2;
  if (!mmapcp || !dir || n_copiers < 1 || n_copiers > MAX_COPIERS) {
    fprintf(stderr, "copy_soak: --mmapcp and --dir are required; 1 <= copiers <= %d\n",
            MAX_COPIERS);
    return 2;
  }
  snprintf(src_dir, sizeof src_dir, "%s/src", dir);
  snprintf(dst_dir, sizeof dst_dir, "%s/dst", dir);
  snprintf(dst, sizeof dst, "%s/file", dst_dir);
  if ((mkdir(src_dir, 0755) != 0 && errno != EEXIST) ||
      (mkdir(dst_dir, 0755) != 0 && errno != EEXIST)) {
    fprintf(stderr, "copy_soak: mkdir in %s: %s\n", dir, strerror(errno));
    return 2;
  }
  const char *no_tmpfs = mount_small_tmpfs(tmpfs_kib);
  S = soak_shared(sizeof *S);
  for (int i = 0; i < SOURCES; i++) new_version(i);
  /* Version 0 is the old destination. */
  if (write_version(dst, 0) != 0) {
    fprintf(stderr, "copy_soak: writing the destination: %s\n", strerror(errno));
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  pid_t checker = fork_role(run_checker);
  pid_t filler = *no_tmpfs ? 0 : fork_role(filler_role);

  uint64_t rng = (uint64_t)seed * 104729;
  int64_t end = soak_now_ms() + seconds * 1000, next_epoch = soak_now_ms() + EPOCH_MS;
  int64_t next_kill = soak_now_ms() + 200, next_change = soak_now_ms() + 20;
  for (;;) {
    int64_t now = soak_now_ms();
    int ending = now >= end, pausing = ending || now >= next_epoch;
    if (pausing && now > (ending ? end : next_epoch) + HANG_MS) {
      /* A copy of at most 3 MiB that has not ended in this long hangs. */
      for (int i = 0; i < n_copiers; i++) {
        if (!copiers[i].pid) continue;
        stats.hangs++;
        problem(&S->failures, "an mmapcp process (pid %d) still runs %d s after the pause began",
                (int)copiers[i].pid, HANG_MS / 1000);
        copiers[i].signal = SIGKILL;
        kill(copiers[i].pid, SIGKILL);
      }
    }
    reap_copiers(0);
    int running = 0;
    for (int i = 0; i < n_copiers; i++) {
      if (!copiers[i].pid && !pausing) start_copier(&copiers[i], &rng);
      running += copiers[i].pid != 0;
    }
    if (pausing && running == 0) {
      inspect_leftovers();
      if (ending) break;
      next_epoch = soak_now_ms() + EPOCH_MS;
    }
    if (now >= next_change) {
      int i = (int)(soak_random(&rng) % SOURCES);
      if (soak_random(&rng) % 3 == 0)
        new_version(i);
      else
        cut(i);
      next_change = now + (int64_t)soak_between(&rng, 5, 60);
    }
    if (now >= next_kill && !pausing) {
      struct copier *c = &copiers[soak_random(&rng) % (uint64_t)n_copiers];
      if (c->pid && !c->signal) { /* one signal a copy: its end then says what it died of */
        c->signal = soak_random(&rng) % 4 == 0 ? SIGTERM : SIGKILL;
        kill(c->pid, c->signal);
      }
      next_kill = now + (int64_t)soak_between(&rng, 30, 300);
    }
    soak_sleep_ms(1);
  }
  __atomic_store_n(&S->stop, 1, __ATOMIC_SEQ_CST);
  waitpid(checker, NULL, 0);
  if (filler) waitpid(filler, NULL, 0);
  uint8_t *buf = malloc(MAX_LEN + 1);
  int final_ok = buf && check_destination(buf, MAX_LEN + 1) == 0;
  free(buf);

  printf("copy soak: %ld s, %ld copiers, seed %ld, destination on %s\n", seconds, n_copiers, seed,
         *no_tmpfs ? "the work directory's file system" : "a private tmpfs");
  if (*no_tmpfs)
    printf("  full file system: SKIPPED (no small tmpfs: %s)\n", no_tmpfs);
  else
    printf(
        "  full file system: %ld KiB tmpfs; the filler wrote %llu MiB and met ENOSPC %llu "
        "times\n",
        tmpfs_kib, (unsigned long long)(S->filler_bytes >> 20),
        (unsigned long long)S->filler_enospc);
  printf("  sources: %ld versions written (replaced by rename), %ld cuts in place\n",
         stats.versions, stats.cuts);
  printf(
      "  copies: %ld started, %ld done, %ld ENOSPC, %ld ENODATA (source cut while copying), "
      "%ld SIGKILLed, %ld cancelled by SIGTERM\n",
      stats.started, stats.ok, stats.enospc, stats.enodata, stats.sigkilled, stats.sigtermed);
  printf(
      "  temporary files left behind: %ld (by SIGKILLed copies, all removed), %ld that no "
      "SIGKILL explains; %ld inspections\n",
      stats.leftovers, stats.leftovers_bad, stats.epochs);
  printf("  destination: checked %llu times, wrong %u, missing %u, %s at the end\n",
         (unsigned long long)S->checks, S->wrong, S->missing, final_ok ? "right" : "WRONG");
  printf("  unexpected mmapcp failures: %ld, deaths by an unexpected signal: %ld, hangs: %ld\n",
         stats.unexpected, stats.unexpected_signal, stats.hangs);
  if (S->problem_taken) printf("  first problem: %s\n", S->problem);
  int bad = S->wrong || S->missing || S->failures || !final_ok || stats.ok == 0;
  printf("copy soak: %s\n", bad ? "FAIL" : "PASS");
  fflush(stdout); /* before any exit handler that could abort (a sanitizer's) */
  return bad ? 1 : 0;
}
