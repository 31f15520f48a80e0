/* Deadlines and shared futex waits for the channel (see channel_wait.h).
 *
 * Why futexes and not process-shared condition variables: a process killed
 * while waiting on a glibc condvar leaves its waiter reference behind, and a
 * later pthread_cond_signal/broadcast can block forever waiting for that
 * waiter to leave. A futex wait leaves no state behind in user memory. */
#define _GNU_SOURCE
#include "channel_wait.h"

#include <limits.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct timespec now_monotonic(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts;
}

struct mk_channel_deadline mk_channel_deadline_after(int timeout_ms) {
  struct mk_channel_deadline d = {MK_DEADLINE_NEVER, {0, 0}};
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

long mk_channel_deadline_remaining_ms(const struct mk_channel_deadline *d, long max_ms) {
  if (d->kind == MK_DEADLINE_NEVER) return max_ms;
  if (d->kind == MK_DEADLINE_NOW) return 0;
  struct timespec now = now_monotonic();
  long long ns =
      (long long)(d->at.tv_sec - now.tv_sec) * 1000000000LL + (d->at.tv_nsec - now.tv_nsec);
  if (ns <= 0) return 0;
  long long ms = (ns + 999999) / 1000000; /* round up: never report 0 before the deadline */
  return ms < max_ms ? (long)ms : max_ms;
}

void mk_channel_futex_wait(uint32_t *word, uint32_t seen, long timeout_ms) {
  struct timespec rel = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
  /* EAGAIN (word moved), EINTR, ETIMEDOUT: the caller re-checks either way. */
  syscall(SYS_futex, word, FUTEX_WAIT, seen, &rel, NULL, 0);
}

void mk_channel_futex_bump(uint32_t *word) {
  __atomic_add_fetch(word, 1, __ATOMIC_SEQ_CST);
  syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}
