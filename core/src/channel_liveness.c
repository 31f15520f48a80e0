/* Whether robust futexes work here, and thread records for where they do
 * not (see channel_liveness.h). */
#define _GNU_SOURCE
#include "channel_liveness.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434 /* the same number on every architecture */
#endif

/* --- robust futexes ----------------------------------------------------------- */

static void *exit_holding(void *mutex) {
  pthread_mutex_lock(mutex);
  return NULL; /* the thread ends holding it: only the kernel can release it */
}

/* glibc accepts robust mutexes where the kernel never learns of them
 * (qemu-user answers set_robust_list with ENOSYS, and glibc assumes it works
 * on most architectures), so the honest test is a death. A thread's exit
 * walks its robust list exactly as a killed process's does. */
static int probe_robust_futexes(void) {
  pthread_mutexattr_t attr;
  pthread_mutex_t mutex;
  if (pthread_mutexattr_init(&attr) != 0) return 0;
  int rc = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  if (rc == 0) rc = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  if (rc == 0) rc = pthread_mutex_init(&mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  if (rc != 0) return 0; /* e.g. ENOTSUP: glibc knows set_robust_list failed */
  pthread_t thread;
  if (pthread_create(&thread, NULL, exit_holding, &mutex) != 0) return 0;
  pthread_join(thread, NULL);
  rc = pthread_mutex_trylock(&mutex);
  if (rc == EOWNERDEAD) pthread_mutex_consistent(&mutex);
  if (rc == 0 || rc == EOWNERDEAD) pthread_mutex_unlock(&mutex);
  if (rc == 0 || rc == EOWNERDEAD) pthread_mutex_destroy(&mutex);
  return rc == EOWNERDEAD;
}

static pthread_once_t g_probe_once = PTHREAD_ONCE_INIT;
static int g_robust_futexes_work;

static void run_probe(void) {
  g_robust_futexes_work = probe_robust_futexes();
}

int mk__robust_futexes_work(void) {
  pthread_once(&g_probe_once, run_probe);
  return g_robust_futexes_work;
}

/* --- threads ------------------------------------------------------------------ */

/* What /proc says about a thread. */
struct proc_stat {
  char state;     /* R, S, D, T, Z, X, ... */
  uint64_t start; /* clock ticks after boot */
};

/* The stat line of a thread: /proc/TGID/task/TID/stat (with tgid 0,
 * /proc/TID/task/TID names the thread as well). The task path also keeps
 * clear of qemu-user, which fakes /proc/PID/stat of itself. Returns 0 or
 * -errno (-ENOENT: no such thread, or no /proc). */
static int read_stat(int32_t tgid, int32_t tid, struct proc_stat *out) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task/%d/stat", (int)(tgid > 0 ? tgid : tid), (int)tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  char line[512];
  ssize_t n = read(fd, line, sizeof line - 1);
  int err = n < 0 ? errno : 0;
  close(fd);
  if (n < 0) return -err; /* ESRCH: it was reaped after the open */
  line[n] = '\0';
  /* "pid (comm) state ppid ..." where comm may hold anything, even ") ". */
  char *p = strrchr(line, ')');
  if (p == NULL || p[1] != ' ' || p[2] == '\0') return -EIO;
  out->state = p[2];
  p += 2; /* field 3, the state; the start time is field 22 */
  for (int field = 3; field < 22; field++) {
    p = strchr(p, ' ');
    if (p == NULL) return -EIO;
    p++;
  }
  char *end;
  out->start = strtoull(p, &end, 10);
  return end != p ? 0 : -EIO;
}

static _Thread_local struct mk__thread tls_self;
static pthread_once_t g_atfork_once = PTHREAD_ONCE_INIT;

/* In a forked child the thread that forked is someone else. */
static void forget_self(void) {
  tls_self.tid = 0;
}

static void register_atfork(void) {
  pthread_atfork(NULL, NULL, forget_self);
}

const struct mk__thread *mk__thread_self(void) {
  if (tls_self.tid == 0) {
    pthread_once(&g_atfork_once, register_atfork);
    struct mk__thread t = {(int32_t)getpid(), (int32_t)syscall(SYS_gettid), 0};
    struct proc_stat stat;
    if (read_stat(t.tgid, t.tid, &stat) == 0) t.start = stat.start; /* else no /proc: 0 */
    tls_self = t;
  }
  return &tls_self;
}

void mk__thread_record_write(struct mk__thread_record *rec, const struct mk__thread *t) {
  uint32_t seq = __atomic_load_n(&rec->seq, __ATOMIC_RELAXED) | 1;
  __atomic_store_n(&rec->seq, seq, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_RELEASE);
  __atomic_store_n(&rec->tgid, t->tgid, __ATOMIC_RELAXED);
  __atomic_store_n(&rec->start_lo, (uint32_t)t->start, __ATOMIC_RELAXED);
  __atomic_store_n(&rec->start_hi, (uint32_t)(t->start >> 32), __ATOMIC_RELAXED);
  __atomic_store_n(&rec->tid, t->tid, __ATOMIC_RELAXED);
  __atomic_store_n(&rec->seq, seq + 1, __ATOMIC_RELEASE);
}

int mk__thread_record_read(const struct mk__thread_record *rec, struct mk__thread *t) {
  uint32_t seq = __atomic_load_n(&rec->seq, __ATOMIC_ACQUIRE);
  t->tgid = __atomic_load_n(&rec->tgid, __ATOMIC_RELAXED);
  t->tid = __atomic_load_n(&rec->tid, __ATOMIC_RELAXED);
  uint32_t lo = __atomic_load_n(&rec->start_lo, __ATOMIC_RELAXED);
  uint32_t hi = __atomic_load_n(&rec->start_hi, __ATOMIC_RELAXED);
  t->start = (uint64_t)hi << 32 | lo;
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  if ((seq & 1) == 0 && __atomic_load_n(&rec->seq, __ATOMIC_RELAXED) == seq) return 0;
  /* Raced a writer, or one died writing: the thread id is one word, whole. */
  t->tgid = 0;
  t->start = 0;
  return -EAGAIN;
}

/* Without /proc: has the process exited (a zombie too)? A pidfd becomes
 * readable then (Linux >= 5.3). Unknown counts as alive. */
static int process_alive_by_pidfd(int32_t tgid) {
  int fd = (int)syscall(SYS_pidfd_open, tgid, 0);
  if (fd < 0) return errno != ESRCH;
  struct pollfd p = {fd, POLLIN, 0};
  int exited = poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0;
  close(fd);
  return !exited;
}

int mk__thread_alive(const struct mk__thread *t, int thorough) {
  if (t->tid <= 0) return 0;
  /* Quick: does any thread have that id? The cheapest question the kernel
   * answers about another process's thread (a quarter of a signal-0 probe);
   * every other answer than ESRCH (EPERM from a sandbox) counts as yes. */
  if (sched_getscheduler(t->tid) < 0 && errno == ESRCH) return 0;
  if (!thorough) return 1;
  /* ESRCH: no thread tid in that thread group, e.g. the id was reused by
   * another process. */
  if (t->tgid > 0 && syscall(SYS_tgkill, t->tgid, t->tid, 0) != 0 && errno == ESRCH) return 0;
  struct proc_stat stat;
  if (read_stat(t->tgid, t->tid, &stat) == 0) {
    if (stat.state == 'Z' || stat.state == 'X' || stat.state == 'x') return 0; /* not reaped */
    return t->start == 0 || stat.start == t->start; /* else: the id was reused */
  }
  /* It exists but has no /proc entry: no /proc here (or it died just now,
   * which the next look shows). */
  return t->tgid > 0 ? process_alive_by_pidfd(t->tgid) : 1;
}

int mk__thread_record_alive(const struct mk__thread_record *rec, int thorough) {
  struct mk__thread t;
  mk__thread_record_read(rec, &t);
  return mk__thread_alive(&t, thorough);
}

int mk__thread_record_is_self(const struct mk__thread_record *rec) {
  const struct mk__thread *me = mk__thread_self();
  struct mk__thread t;
  return mk__thread_record_read(rec, &t) == 0 && t.tid == me->tid && t.tgid == me->tgid &&
         t.start == me->start;
}
