/* Private to the channel: a lock in shared memory that a thread dying while
 * holding it cannot wedge. Where robust futexes work it is a robust
 * process-shared pthread mutex (the kernel hands it on owner-dead); where
 * they do not, a futex word holding the owner's thread id plus a thread
 * record of the owner, and a waiter that has not had the lock for
 * MK__POLL_MS asks whether the owner still lives and takes the lock over
 * if not (see channel_liveness.h). Either way the next owner learns that
 * the previous one died, and deadlines bound every wait. */
#ifndef MMAPKIT_CORE_SRC_CHANNEL_LOCK_H
#define MMAPKIT_CORE_SRC_CHANNEL_LOCK_H

#include <pthread.h>
#include <stdint.h>

#include "channel_liveness.h"
#include "channel_wait.h"

#ifdef __cplusplus
extern "C" {
#endif

struct mk__channel_lock {
  uint32_t robust;                /* which of the two below; fixed at init */
  uint32_t word;                  /* thread records: 0 free, else owner tid | WAITERS */
  struct mk__thread_record owner; /* thread records: who set word */
  pthread_mutex_t mutex;          /* robust futexes */
};

/* 0, or -errno from pthread_mutex_init. */
int mk__lock_init(struct mk__channel_lock *l, int robust);

/* A robust, process-shared mutex (also the endpoints' alive mutexes).
 * 0, or -errno from pthread_mutex_init. */
int mk__robust_mutex_init(pthread_mutex_t *m);

/* Takes l by the deadline (NOW only tries). Returns 0; 1 when the previous
 * owner died holding it (the caller repairs what that owner may have left
 * half-done, then goes on as the owner); -EAGAIN (NOW), -ETIMEDOUT, or
 * -ENOTRECOVERABLE (robust mutex whose memory was overwritten). */
int mk__lock_take(struct mk__channel_lock *l, const struct mk__channel_deadline *d);

void mk__lock_release(struct mk__channel_lock *l);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_CORE_SRC_CHANNEL_LOCK_H */
