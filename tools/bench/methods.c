/* The methods bench_copy measures and the timed region of one copy. Only the
 * copy itself is timed: opening the files of an fd-to-fd method, verifying
 * and removing the destination happen outside. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "mmapkit/util.h"

enum { RW_BUFFER = 128 << 10, CHUNK_MAX = 1 << 30 };

static void add_peer(struct bench_method *m, int *n, const char *id, enum bench_kind kind) {
  struct bench_method *x = &m[(*n)++];
  memset(x, 0, sizeof *x);
  snprintf(x->id, sizeof x->id, "%s", id);
  x->kind = kind;
  x->peer = 1;
}

static void add_default(struct bench_method *m, int *n, const char *id, enum bench_kind kind) {
  struct bench_method *x = &m[(*n)++];
  memset(x, 0, sizeof *x);
  snprintf(x->id, sizeof x->id, "%s", id);
  x->kind = kind;
  x->defaults = 1;
}

/* A strategy's part of a method id: its header name without MK_COPY_MAP_,
 * in lower case ("src_write"). Written into buf (at least 32 bytes). */
static const char *strategy_id(enum mk_copy_strategy strategy, char *buf) {
  const char *name = mk_copy_strategy_name(strategy);
  size_t i = 0;
  for (const char *c = name ? name + strlen("MK_COPY_MAP_") : "?"; *c && i < 31; c++) {
    buf[i++] = (char)tolower((unsigned char)*c);
  }
  buf[i] = '\0';
  return buf;
}
static const struct {
  unsigned bit;
  const char *name;
} kFlags[] = {
    {MK_COPY_POPULATE, "populate"},     {MK_COPY_ADV_SEQUENTIAL, "sequential"},
    {MK_COPY_ADV_WILLNEED, "willneed"}, {MK_COPY_ADV_HUGEPAGE, "hugepage"},
    {MK_COPY_NO_RESERVE, "no_reserve"}, {MK_COPY_SYNC, "sync"},
};
enum { NFLAGS = sizeof kFlags / sizeof kFlags[0] };

/* The id spells the options: "mk_range:src_write,w=32M,j=2,populate+hugepage";
 * no "w=" means the default window, no "j=" one thread ("j=auto": 0, the
 * automatic count). bench_method_parse reads it back. */
static void set_mk(struct bench_method *x, enum bench_kind kind, int sweep,
                   enum mk_copy_strategy strategy, size_t window, unsigned threads,
                   unsigned flags) {
  memset(x, 0, sizeof *x);
  x->kind = kind;
  x->sweep = sweep;
  x->opts.strategy = strategy;
  x->opts.window = window;
  x->opts.threads = threads;
  x->opts.flags = flags;

  char w[32] = "";
  if (window != 0) {
    static const char kUnit[] = "\0KMG";
    int u = 0;
    size_t v = window;
    while (u < 3 && v % 1024 == 0) {
      v /= 1024;
      u++;
    }
    snprintf(w, sizeof w, ",w=%zu%.1s", v, &kUnit[u]);
  }
  char j[24] = "";
  if (threads == 0) snprintf(j, sizeof j, ",j=auto");
  if (threads > 1) snprintf(j, sizeof j, ",j=%u", threads);
  char f[96] = "";
  for (size_t i = 0; i < NFLAGS; i++) {
    if (!(flags & kFlags[i].bit)) continue;
    strcat(f, f[0] ? "+" : ",");
    strcat(f, kFlags[i].name);
  }
  char st[32];
  /* Ids are far shorter than the buffer; a cut one would still be unique here. */
  if (snprintf(x->id, sizeof x->id, "%s:%s%s%s%s", kind == BENCH_MK_FILE ? "mk_file" : "mk_range",
               strategy_id(strategy, st), w, j, f) >= (int)sizeof x->id) {
    x->id[sizeof x->id - 1] = '\0';
  }
}

/* One thread: the sweep measures what a window moves, not parallelism. */
static void add_mk(struct bench_method *m, int *n, enum bench_kind kind, int sweep,
                   enum mk_copy_strategy strategy, size_t window, unsigned flags) {
  set_mk(&m[(*n)++], kind, sweep, strategy, window, 1, flags);
}

int bench_method_parse(const char *id, struct bench_method *out) {
  enum bench_kind kind;
  if (strncmp(id, "mk_range:", 9) == 0) {
    kind = BENCH_MK_RANGE;
  } else if (strncmp(id, "mk_file:", 8) == 0) {
    kind = BENCH_MK_FILE;
  } else {
    return -1;
  }
  char *copy = strdup(strchr(id, ':') + 1);
  int strategy = -1, rc = 0;
  size_t window = 0;
  unsigned flags = 0, threads = 1;
  char *save, *part = strtok_r(copy, ",", &save);
  char st[32];
  for (int i = 0; part != NULL && mk_copy_strategy_name((enum mk_copy_strategy)i) != NULL; i++) {
    if (strcmp(part, strategy_id((enum mk_copy_strategy)i, st)) == 0) strategy = i;
  }
  for (part = strtok_r(NULL, ",", &save); part != NULL && rc == 0;
       part = strtok_r(NULL, ",", &save)) {
    if (strncmp(part, "w=", 2) == 0) {
      char *end;
      window = strtoull(part + 2, &end, 10);
      const char *units = "KMG";
      const char *u = *end != '\0' ? strchr(units, *end) : NULL;
      if (u != NULL) window <<= 10 * (1 + (u - units));
      if (end == part + 2 || (*end != '\0' && (u == NULL || end[1] != '\0'))) rc = -1;
      continue;
    }
    if (strncmp(part, "j=", 2) == 0) {
      char *end = part + 2;
      threads = strcmp(end, "auto") == 0 ? 0 : (unsigned)strtoul(part + 2, &end, 10);
      if (threads > MK_COPY_MAX_THREADS || (threads == 0 && strcmp(part + 2, "auto") != 0) ||
          (threads > 0 && *end != '\0')) {
        rc = -1;
      }
      continue;
    }
    char *fsave;
    for (char *fl = strtok_r(part, "+", &fsave); fl != NULL; fl = strtok_r(NULL, "+", &fsave)) {
      size_t i = 0;
      while (i < NFLAGS && strcmp(fl, kFlags[i].name) != 0) i++;
      if (i == NFLAGS) rc = -1;
      if (i < NFLAGS) flags |= kFlags[i].bit;
    }
  }
  free(copy);
  if (strategy < 0 || rc != 0) return -1;
  set_mk(out, kind, 0, (enum mk_copy_strategy)strategy, window, threads, flags);
  return 0;
}

int bench_methods_default(struct bench_method **out) {
  const size_t M = 1024 * 1024;
  struct bench_method *m = calloc(BENCH_MAX_METHODS, sizeof *m);
  if (m == NULL) return 0;
  int n = 0;
  /* Every size. */
  add_peer(m, &n, "memcpy", BENCH_MEMCPY);
  m[n - 1].peer = 0;
  add_peer(m, &n, "memcpy+alloc", BENCH_MEMCPY_ALLOC);
  m[n - 1].peer = 0;
  add_peer(m, &n, "cp(fork+exec)", BENCH_CP);
  add_peer(m, &n, "copy_file_range", BENCH_CFR);
  add_peer(m, &n, "sendfile", BENCH_SENDFILE);
  add_peer(m, &n, "read_write_128k", BENCH_RW);
  add_default(m, &n, "mk_range:default", BENCH_MK_RANGE);
  add_default(m, &n, "mk_file:default", BENCH_MK_FILE);
  add_mk(m, &n, BENCH_MK_RANGE, 0, MK_COPY_MAP_BOTH, 0, 0);
  add_mk(m, &n, BENCH_MK_RANGE, 0, MK_COPY_MAP_SRC_WRITE, 0, 0);
  add_mk(m, &n, BENCH_MK_RANGE, 0, MK_COPY_MAP_DST_READ, 0, 0);
  add_mk(m, &n, BENCH_MK_FILE, 0, MK_COPY_MAP_SRC_WRITE, 0, 0);

  /* The sweep, at the sweep sizes only: windows (2 MiB is where a mapping
   * can hold huge pages), advice and reservation for the two main
   * strategies, and what might rescue the third. */
  const size_t windows[] = {1 * M, 2 * M, 4 * M, 16 * M, 32 * M, 128 * M};
  const unsigned advice[] = {
      MK_COPY_POPULATE,     MK_COPY_ADV_SEQUENTIAL, MK_COPY_ADV_WILLNEED,
      MK_COPY_ADV_HUGEPAGE, MK_COPY_NO_RESERVE,
  };
  const enum mk_copy_strategy main_strategies[] = {MK_COPY_MAP_BOTH, MK_COPY_MAP_SRC_WRITE};
  for (size_t s = 0; s < 2; s++) {
    for (size_t i = 0; i < sizeof windows / sizeof windows[0]; i++) {
      add_mk(m, &n, BENCH_MK_RANGE, 1, main_strategies[s], windows[i], 0);
    }
    for (size_t i = 0; i < sizeof advice / sizeof advice[0]; i++) {
      add_mk(m, &n, BENCH_MK_RANGE, 1, main_strategies[s], 0, advice[i]);
    }
  }
  add_mk(m, &n, BENCH_MK_RANGE, 1, MK_COPY_MAP_BOTH, 0,
         MK_COPY_ADV_SEQUENTIAL | MK_COPY_ADV_WILLNEED);
  add_mk(m, &n, BENCH_MK_RANGE, 1, MK_COPY_MAP_SRC_WRITE, 0, MK_COPY_POPULATE | MK_COPY_NO_RESERVE);
  add_mk(m, &n, BENCH_MK_RANGE, 1, MK_COPY_MAP_DST_READ, 0, MK_COPY_POPULATE);
  add_mk(m, &n, BENCH_MK_RANGE, 1, MK_COPY_MAP_DST_READ, 0, MK_COPY_ADV_HUGEPAGE);
  *out = m;
  return n;
}

static double now_sec(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double tv_sec(struct timeval tv) {
  return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

/* The clock and the counters at the start of the timed region. */
struct stopwatch {
  int who;
  double t;
  struct rusage ru;
};

static void start(struct stopwatch *w, int who) {
  w->who = who;
  getrusage(who, &w->ru);
  w->t = now_sec();
}

static void stop(const struct stopwatch *w, struct bench_sample *s) {
  double t = now_sec();
  struct rusage ru;
  getrusage(w->who, &ru);
  s->sec = t - w->t;
  s->sys_sec = tv_sec(ru.ru_stime) - tv_sec(w->ru.ru_stime);
  s->cpu_sec = tv_sec(ru.ru_utime) - tv_sec(w->ru.ru_utime) + s->sys_sec;
  s->minflt = ru.ru_minflt - w->ru.ru_minflt;
  s->majflt = ru.ru_majflt - w->ru.ru_majflt;
}

void bench_run_memcpy(void *dst, const void *src, uint64_t size, struct bench_sample *out) {
  struct stopwatch w;
  start(&w, RUSAGE_SELF);
  memcpy(dst, src, size);
  /* Keep the compiler from dropping a copy whose result nobody reads. */
  __asm__ volatile("" : : "r"(dst) : "memory");
  stop(&w, out);
}

void *bench_run_memcpy_alloc(const void *src, uint64_t size, struct bench_sample *out) {
  struct stopwatch w;
  start(&w, RUSAGE_SELF);
  void *dst =
      mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (dst != MAP_FAILED) memcpy(dst, src, size);
  stop(&w, out);
  return dst != MAP_FAILED ? dst : NULL;
}

int bench_is_memory(enum bench_kind kind) {
  return kind == BENCH_MEMCPY || kind == BENCH_MEMCPY_ALLOC;
}

/* cp as a user runs it: the time includes fork, exec and cp's start-up. */
static int run_cp(const char *src, const char *dst, struct bench_sample *out, char *err,
                  size_t errlen) {
  struct stopwatch w;
  start(&w, RUSAGE_CHILDREN);
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(err, errlen, "fork: %s", strerror(errno));
    return -1;
  }
  if (pid == 0) {
    execlp("cp", "cp", "--", src, dst, (char *)NULL);
    execl("/bin/cp", "cp", "--", src, dst, (char *)NULL);
    _exit(127);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      snprintf(err, errlen, "waitpid: %s", strerror(errno));
      return -1;
    }
  }
  stop(&w, out);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    snprintf(err, errlen, "cp exited with status 0x%x", status);
    return -1;
  }
  return 0;
}

static int loop_cfr(int in, int out, uint64_t size) {
  for (uint64_t done = 0; done < size;) {
    size_t n = size - done < CHUNK_MAX ? (size_t)(size - done) : CHUNK_MAX;
    ssize_t r = copy_file_range(in, NULL, out, NULL, n, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return r < 0 ? -errno : -EIO;
    done += (uint64_t)r;
  }
  return 0;
}

static int loop_sendfile(int in, int out, uint64_t size) {
  for (uint64_t done = 0; done < size;) {
    size_t n = size - done < CHUNK_MAX ? (size_t)(size - done) : CHUNK_MAX;
    ssize_t r = sendfile(out, in, NULL, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return r < 0 ? -errno : -EIO;
    done += (uint64_t)r;
  }
  return 0;
}

static int loop_rw(int in, int out, char *buf) {
  for (;;) {
    ssize_t r = read(in, buf, RW_BUFFER);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -errno;
    if (r == 0) return 0;
    for (ssize_t off = 0; off < r;) {
      ssize_t w = write(out, buf + off, (size_t)(r - off));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return w < 0 ? -errno : -EIO;
      off += w;
    }
  }
}

/* The fd-to-fd methods: both files open before the clock starts. */
static int run_fds(const struct bench_method *m, const char *src, const char *dst, uint64_t size,
                   struct bench_sample *out, char *err, size_t errlen) {
  static char *buf; /* the read/write buffer, allocated and touched once */
  if (m->kind == BENCH_RW && buf == NULL) {
    buf = malloc(RW_BUFFER);
    if (buf == NULL) {
      snprintf(err, errlen, "out of memory");
      return -1;
    }
    memset(buf, 0, RW_BUFFER);
  }
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    snprintf(err, errlen, "open %s: %s", src, strerror(errno));
    return -1;
  }
  int outfd = open(dst, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (outfd < 0) {
    snprintf(err, errlen, "create %s: %s", dst, strerror(errno));
    close(in);
    return -1;
  }
  const struct mk_copy_options *opts = m->defaults ? NULL : &m->opts;
  struct stopwatch w;
  int rc = 0;
  start(&w, RUSAGE_SELF);
  switch (m->kind) {
    case BENCH_CFR:
      rc = loop_cfr(in, outfd, size);
      break;
    case BENCH_SENDFILE:
      rc = loop_sendfile(in, outfd, size);
      break;
    case BENCH_RW:
      rc = loop_rw(in, outfd, buf);
      break;
    case BENCH_MK_RANGE:
    default:
      rc = mk_copy_range(in, 0, outfd, 0, size, opts);
      break;
  }
  stop(&w, out);
  close(outfd);
  close(in);
  if (rc != 0) snprintf(err, errlen, "%s", mk_strerror(rc));
  return rc != 0 ? -1 : 0;
}

int bench_run_file(const struct bench_method *m, const char *src, const char *dst, uint64_t size,
                   struct bench_sample *out, char *err, size_t errlen) {
  memset(out, 0, sizeof *out);
  switch (m->kind) {
    case BENCH_CP:
      return run_cp(src, dst, out, err, errlen);
    case BENCH_MK_FILE: {
      struct stopwatch w;
      start(&w, RUSAGE_SELF);
      int rc = mk_copy_file(src, dst, m->defaults ? NULL : &m->opts, NULL);
      stop(&w, out);
      if (rc != 0) snprintf(err, errlen, "%s", mk_strerror(rc));
      return rc != 0 ? -1 : 0;
    }
    case BENCH_MEMCPY:
    case BENCH_MEMCPY_ALLOC:
      snprintf(err, errlen, "memcpy is not a file copy");
      return -1;
    default:
      return run_fds(m, src, dst, size, out, err, errlen);
  }
}
