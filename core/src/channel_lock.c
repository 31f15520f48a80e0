/* The channel's locks (see channel_lock.h). */
#define _GNU_SOURCE
#include "channel_lock.h"

#include <errno.h>

/* The futex word's layout is the kernel's robust-futex one: owner thread id
 * in the low 30 bits, a waiters flag on top. */
enum { TID_MASK = 0x3fffffff };
#define WAITERS 0x80000000u

/* Tries before sleeping on a taken lock: its holder usually lets go within
 * a message copy. */
enum { LOCK_SPIN = 100 };

int mk__lock_init(struct mk__channel_lock *l, int robust) {
  l->robust = (uint32_t)robust;
  return robust ? mk__robust_mutex_init(&l->mutex) : 0; /* zero-filled: free, no owner */
}

int mk__robust_mutex_init(pthread_mutex_t *m) {
  pthread_mutexattr_t attr;
  int rc = pthread_mutexattr_init(&attr);
  if (rc != 0) return -rc;
  rc = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  if (rc == 0) rc = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  if (rc == 0) rc = pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
  return -rc;
}

/* EOWNERDEAD: the mutex is ours, and consistent again once we say so. */
static int robust_result(struct mk__channel_lock *l, int rc) {
  if (rc == EOWNERDEAD) {
    pthread_mutex_consistent(&l->mutex);
    return 1;
  }
  if (rc == EBUSY) return -EAGAIN;
  return -rc;
}

static int robust_take(struct mk__channel_lock *l, const struct mk__channel_deadline *d) {
  int rc = pthread_mutex_trylock(&l->mutex);
  for (int i = d->kind == MK_DEADLINE_NOW ? 0 : LOCK_SPIN; rc == EBUSY && i > 0; i--) {
    mk__cpu_relax();
    rc = pthread_mutex_trylock(&l->mutex);
  }
  if (rc != EBUSY || d->kind == MK_DEADLINE_NOW) return robust_result(l, rc);
  if (d->kind == MK_DEADLINE_NEVER) return robust_result(l, pthread_mutex_lock(&l->mutex));
  return robust_result(l, pthread_mutex_clocklock(&l->mutex, CLOCK_MONOTONIC, &d->at));
}

/* Does the thread that set word w still live? Judged by the owner record
 * when it names that thread, else (the owner died between taking the word
 * and writing the record, or is writing it) by the thread id alone. */
static int owner_alive(const struct mk__channel_lock *l, uint32_t w) {
  struct mk__thread owner;
  if (mk__thread_record_read(&l->owner, &owner) != 0 || (uint32_t)owner.tid != (w & TID_MASK)) {
    owner = (struct mk__thread){0, (int32_t)(w & TID_MASK), 0};
  }
  return mk__thread_alive(&owner, 1);
}

static int records_take(struct mk__channel_lock *l, const struct mk__channel_deadline *d) {
  const struct mk__thread *me = mk__thread_self();
  const uint32_t tid = (uint32_t)me->tid;
  int result = 0, slept = 0;
  uint32_t w = 0;
  if (__atomic_compare_exchange_n(&l->word, &w, tid, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
    goto owned;
  }
  for (int i = d->kind == MK_DEADLINE_NOW ? 0 : LOCK_SPIN; i > 0; i--) {
    mk__cpu_relax();
    w = 0;
    if (__atomic_load_n(&l->word, __ATOMIC_RELAXED) == 0 &&
        __atomic_compare_exchange_n(&l->word, &w, tid, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
      goto owned;
    }
  }
  for (int timed_out = 0;;) {
    w = __atomic_load_n(&l->word, __ATOMIC_RELAXED);
    if (w == 0) {
      /* Others may sleep on it too: keep the flag, so our release wakes them. */
      if (__atomic_compare_exchange_n(&l->word, &w, tid | WAITERS, 0, __ATOMIC_ACQUIRE,
                                      __ATOMIC_RELAXED)) {
        goto owned;
      }
      continue;
    }
    long ms = mk__channel_deadline_remaining_ms(d, MK__POLL_MS);
    if (ms > 0 && !timed_out) {
      if ((w & WAITERS) == 0 && !__atomic_compare_exchange_n(&l->word, &w, w | WAITERS, 0,
                                                             __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
        continue;
      }
      slept = 1;
      timed_out = mk__channel_futex_wait(&l->word, w | WAITERS, ms) == -ETIMEDOUT;
      continue;
    }
    timed_out = 0;
    /* MK__POLL_MS without the lock, or out of time: has its owner died? */
    if (!owner_alive(l, w)) {
      if (__atomic_compare_exchange_n(&l->word, &w, tid | WAITERS, 0, __ATOMIC_ACQUIRE,
                                      __ATOMIC_RELAXED)) {
        result = 1;
        goto owned;
      }
      continue;
    }
    if (ms == 0) {
      /* A release may have woken us rather than a waiter that stays: pass it on. */
      if (slept) mk__channel_futex_wake(&l->word, 1);
      return d->kind == MK_DEADLINE_NOW ? -EAGAIN : -ETIMEDOUT;
    }
  }
owned:
  mk__thread_record_write(&l->owner, me);
  return result;
}

int mk__lock_take(struct mk__channel_lock *l, const struct mk__channel_deadline *d) {
  return l->robust ? robust_take(l, d) : records_take(l, d);
}

void mk__lock_release(struct mk__channel_lock *l) {
  if (l->robust) {
    pthread_mutex_unlock(&l->mutex);
    return;
  }
  static const struct mk__thread nobody = {0, 0, 0};
  mk__thread_record_write(&l->owner, &nobody);
  if (__atomic_exchange_n(&l->word, 0, __ATOMIC_RELEASE) & WAITERS) {
    mk__channel_futex_wake(&l->word, 1);
  }
}
