/* Deadlines and shared futex waits for the channel (see channel_wait.h).
 *
 * Why futexes and not process-shared condition variables: a process killed
 * while waiting on a glibc condvar leaves its waiter reference behind, and a
 * later pthread_cond_signal/broadcast can block forever waiting for that
 * waiter to leave. A futex wait leaves no state behind in user memory; a
 * sleeper killed with w->sleeping set costs the next waker one system call. */
#define _GNU_SOURCE
#include "channel_wait.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

/* How long a waiter polls for a peer on another CPU before it sleeps, and
 * how many polls between looks at the clock; a yield that took longer than
 * YIELD_TOO_LONG_NS ran other work, and the waits after it sleep instead
 * (see tools/bench_results.md, channel). */
enum { SPIN_NS = 5000, POLLS_PER_CLOCK = 16 };
enum { YIELD_TOO_LONG_NS = 50000, YIELD_BACKOFF = 64 };

static struct timespec now_monotonic(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts;
}

struct mk__channel_deadline mk__channel_deadline_after(int timeout_ms) {
  struct mk__channel_deadline d = {MK_DEADLINE_NEVER, {0, 0}};
  if (timeout_ms < 0) return d;
  if (timeout_ms == 0) {
    d.kind = MK_DEADLINE_NOW;
    return d;
  }
  d.kind = MK_DEADLINE_AT;
  d.at = now_monotonic();
  d.at.tv_sec += timeout_ms / 1000;
  d.at.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
  if (d.at.tv_nsec >= 1000000000L) {
    d.at.tv_sec += 1;
    d.at.tv_nsec -= 1000000000L;
  }
  return d;
}

long mk__channel_deadline_remaining_ms(const struct mk__channel_deadline *d, long max_ms) {
  if (d->kind == MK_DEADLINE_NEVER) return max_ms;
  if (d->kind == MK_DEADLINE_NOW) return 0;
  struct timespec now = now_monotonic();
  long long ns =
      (long long)(d->at.tv_sec - now.tv_sec) * 1000000000LL + (d->at.tv_nsec - now.tv_nsec);
  if (ns <= 0) return 0;
  long long ms = (ns + 999999) / 1000000; /* round up: never report 0 before the deadline */
  return ms < max_ms ? (long)ms : max_ms;
}

int mk__channel_futex_wait(uint32_t *word, uint32_t seen, long timeout_ms) {
  struct timespec rel = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
  /* EAGAIN (word moved), EINTR: the caller re-checks either way. */
  if (syscall(SYS_futex, word, FUTEX_WAIT, seen, &rel, NULL, 0) != 0 && errno == ETIMEDOUT) {
    return -ETIMEDOUT;
  }
  return 0;
}

void mk__channel_futex_wake(uint32_t *word, int n) {
  syscall(SYS_futex, word, FUTEX_WAKE, n, NULL, NULL, 0);
}

static long g_spin_ns = -1;

long mk__spin_ns(void) {
  long ns = __atomic_load_n(&g_spin_ns, __ATOMIC_RELAXED);
  if (ns < 0) {
    ns = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? SPIN_NS : 0;
    __atomic_store_n(&g_spin_ns, ns, __ATOMIC_RELAXED);
  }
  return ns;
}

static long elapsed_ns(struct timespec since) {
  struct timespec now = now_monotonic();
  return (now.tv_sec - since.tv_sec) * 1000000000L + (now.tv_nsec - since.tv_nsec);
}

/* Waits of this thread left in which it sleeps rather than yields (below). */
static _Thread_local unsigned tls_waits_without_yield;

/* Before a waiter sleeps: 1 if *index moved from seen meanwhile. If the
 * peer that moves it last ran on this CPU, it is often runnable right here
 * (the scheduler places a woken task on its waker's CPU), where polling
 * would only keep it from running: give it the CPU once instead. Two
 * processes taking turns (a request, its reply) then hand over without
 * sleeping. But where other work is queued on this CPU (a busy machine, a
 * crowded cgroup) the yield goes to that work for a whole time slice, while
 * a sleeper is woken in time: after a yield that long, sleep for the next
 * YIELD_BACKOFF waits. If the peer runs elsewhere, poll for up to
 * mk__spin_ns(). */
static int wait_briefly(const uint32_t *index, uint32_t seen, const uint32_t *peer_cpu) {
  if ((uint32_t)sched_getcpu() == __atomic_load_n(peer_cpu, __ATOMIC_RELAXED)) {
    if (tls_waits_without_yield > 0) {
      tls_waits_without_yield--;
      return 0;
    }
    struct timespec start = now_monotonic();
    sched_yield();
    if (elapsed_ns(start) > YIELD_TOO_LONG_NS) tls_waits_without_yield = YIELD_BACKOFF;
    return __atomic_load_n(index, __ATOMIC_RELAXED) != seen;
  }
  long budget = mk__spin_ns();
  if (budget == 0) return 0;
  struct timespec start = now_monotonic();
  for (;;) {
    for (int i = 0; i < POLLS_PER_CLOCK; i++) {
      if (__atomic_load_n(index, __ATOMIC_RELAXED) != seen) return 1;
      mk__cpu_relax();
    }
    if (elapsed_ns(start) >= budget) return 0;
  }
}

int mk__wait_for_change(struct mk__wake *w, const uint32_t *index, uint32_t seen,
                        const struct mk__channel_deadline *d, const uint32_t *peer_cpu) {
  if (d->kind == MK_DEADLINE_NOW) return -EAGAIN;
  long ms = mk__channel_deadline_remaining_ms(d, MK__POLL_MS);
  if (ms == 0) return -ETIMEDOUT;
  if (wait_briefly(index, seen, peer_cpu)) return 0;
  /* Announce the sleep, then look once more: a waker moves the index before
   * it reads w->sleeping, so either we see the move or it sees us (the two
   * fences order each side's store before its load). */
  __atomic_store_n(&w->sleeping, 1, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  uint32_t seq = __atomic_load_n(&w->seq, __ATOMIC_ACQUIRE);
  if (__atomic_load_n(index, __ATOMIC_RELAXED) != seen) return 0;
  mk__channel_futex_wait(&w->seq, seq, ms);
  return 0;
}

void mk__wake_sleeper(struct mk__wake *w) {
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  if (__atomic_load_n(&w->sleeping, __ATOMIC_RELAXED) == 0) return;
  if (__atomic_exchange_n(&w->sleeping, 0, __ATOMIC_SEQ_CST) == 0) return; /* another woke it */
  __atomic_add_fetch(&w->seq, 1, __ATOMIC_SEQ_CST);
  mk__channel_futex_wake(&w->seq, INT_MAX);
}

void mk__wake_all(struct mk__wake *w) {
  /* w->sleeping stays as it is: clearing it could hide a sleeper that set it
   * just now from the next waker. */
  __atomic_add_fetch(&w->seq, 1, __ATOMIC_SEQ_CST);
  mk__channel_futex_wake(&w->seq, INT_MAX);
}
