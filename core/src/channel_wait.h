/* Private to the channel: deadlines, and waiting for a word in memory shared
 * between processes to move: first briefly (giving the CPU to the peer, or
 * polling), then asleep on a futex that wakers only touch when somebody
 * sleeps. */
#ifndef MMAPKIT_CORE_SRC_CHANNEL_WAIT_H
#define MMAPKIT_CORE_SRC_CHANNEL_WAIT_H

#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A waiter wakes at least this often to check whether its peers are alive:
 * a dead process cannot wake anyone. */
enum { MK__POLL_MS = 50 };

/* When a blocking call gives up: never, at once, or at a CLOCK_MONOTONIC time. */
struct mk__channel_deadline {
  enum { MK_DEADLINE_NEVER, MK_DEADLINE_NOW, MK_DEADLINE_AT } kind;
  struct timespec at;
};

/* Deadline for a timeout in ms as the channel API defines it: < 0 never,
 * 0 now, > 0 that many ms from now. */
struct mk__channel_deadline mk__channel_deadline_after(int timeout_ms);

/* Milliseconds until the deadline, capped at max_ms (max_ms for NEVER);
 * 0 once it has passed (always 0 for NOW). */
long mk__channel_deadline_remaining_ms(const struct mk__channel_deadline *d, long max_ms);

/* Sleep until *word != seen, a wake, a signal or timeout_ms, whichever comes
 * first (all are fine: callers re-check their condition). word is in
 * MAP_SHARED memory, so the futex is not process-private. Returns 0, or
 * -ETIMEDOUT when timeout_ms passed. */
int mk__channel_futex_wait(uint32_t *word, uint32_t seen, long timeout_ms);

/* Wake up to n waiters on word, in any process. */
void mk__channel_futex_wake(uint32_t *word, int n);

/* Where one side of the channel sleeps: seq moves whenever a sleeper should
 * look again; sleeping says that somebody may be asleep on it, so wakers
 * skip the system call while nobody is. */
struct mk__wake {
  uint32_t seq;
  uint32_t sleeping;
};

/* Nanoseconds a waiter polls for a peer on another CPU before it sleeps; 0
 * with a single CPU. */
long mk__spin_ns(void);

/* Waits until *index moves from seen: briefly (*peer_cpu, the CPU the other
 * side last ran on, decides how: sched_yield if it is ours, else a poll of
 * up to mk__spin_ns()), then asleep on w for at most the deadline or
 * MK__POLL_MS. Returns 0 (look again), -EAGAIN (NOW), or -ETIMEDOUT (the
 * deadline has passed). */
int mk__wait_for_change(struct mk__wake *w, const uint32_t *index, uint32_t seen,
                        const struct mk__channel_deadline *d, const uint32_t *peer_cpu);

/* After moving an index a sleeper may wait on: wakes it, if one sleeps. */
void mk__wake_sleeper(struct mk__wake *w);

/* Wakes every sleeper on w, whether it says so or not: a peer left or died. */
void mk__wake_all(struct mk__wake *w);

/* A pause instruction in a spin loop. */
static inline void mk__cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__) || (defined(__arm__) && __ARM_ARCH >= 7)
  __asm__ __volatile__("yield" ::: "memory");
#else
  __asm__ __volatile__("" ::: "memory");
#endif
}

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_CORE_SRC_CHANNEL_WAIT_H */
