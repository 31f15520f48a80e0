/* Private to the channel: deadlines and futex waits on words in memory shared
 * between processes. */
#ifndef MMAPKIT_CORE_SRC_CHANNEL_WAIT_H
#define MMAPKIT_CORE_SRC_CHANNEL_WAIT_H

#include <stdint.h>
#include <time.h>

/* When a blocking call gives up: never, at once, or at a CLOCK_MONOTONIC time. */
struct mk_channel_deadline {
  enum { MK_DEADLINE_NEVER, MK_DEADLINE_NOW, MK_DEADLINE_AT } kind;
  struct timespec at;
};

/* Deadline for a timeout in ms as the channel API defines it: < 0 never,
 * 0 now, > 0 that many ms from now. */
struct mk_channel_deadline mk_channel_deadline_after(int timeout_ms);

/* Milliseconds until the deadline, capped at max_ms (max_ms for NEVER);
 * 0 once it has passed (always 0 for NOW). */
long mk_channel_deadline_remaining_ms(const struct mk_channel_deadline *d, long max_ms);

/* Sleep until *word != seen, a wake, a signal or timeout_ms, whichever comes
 * first (all are fine: callers re-check their condition). word is in
 * MAP_SHARED memory, so the futex is not process-private. */
void mk_channel_futex_wait(uint32_t *word, uint32_t seen, long timeout_ms);

/* Bump *word and wake every waiter on it, in any process. */
void mk_channel_futex_bump(uint32_t *word);

#endif /* MMAPKIT_CORE_SRC_CHANNEL_WAIT_H */
