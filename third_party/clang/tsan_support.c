/* tsan_support.c - what every binary using //core:mmapkit links under --config=tsan, so
 * ThreadSanitizer judges the library's real behaviour and nothing else.
 *
 * 1. pthread_mutex_clocklock is not intercepted by clang 14's ThreadSanitizer: a mutex taken
 *    with it looks unlocked, and its unlock is then reported as "unlock of an unlocked mutex".
 *    This definition (linked into the executable, so found before libc's) calls libc's and
 *    tells TSan about the lock with its mutex annotations, as its own pthread_mutex_timedlock
 *    interceptor does.
 * 2. Suppressions for what TSan cannot model, each with its reason. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sanitizer/tsan_interface.h>
#include <stdatomic.h>
#include <time.h>

int pthread_mutex_clocklock(pthread_mutex_t *mutex, clockid_t clock, const struct timespec *at);
const char *__tsan_default_suppressions(void);

typedef int (*clocklock_fn)(pthread_mutex_t *, clockid_t, const struct timespec *);

int pthread_mutex_clocklock(pthread_mutex_t *mutex, clockid_t clock, const struct timespec *at) {
  /* Looked up once; threads racing to do it store the same value. */
  static _Atomic(clocklock_fn) cached;
  clocklock_fn real = atomic_load_explicit(&cached, memory_order_relaxed);
  if (real == NULL) {
    real = (clocklock_fn)dlsym(RTLD_NEXT, "pthread_mutex_clocklock");
    atomic_store_explicit(&cached, real, memory_order_relaxed);
  }
  if (real == NULL) return ENOSYS;
  /* A lock that may fail, like a trylock: EOWNERDEAD still means the caller holds it. */
  __tsan_mutex_pre_lock(mutex, __tsan_mutex_try_lock);
  int rc = real(mutex, clock, at);
  unsigned failed = rc == 0 || rc == EOWNERDEAD ? 0 : __tsan_mutex_try_lock_failed;
  __tsan_mutex_post_lock(mutex, __tsan_mutex_try_lock | failed, 0);
  return rc;
}

const char *__tsan_default_suppressions(void) {
  /* The channel tells its own endpoints from others' by unlocking an endpoint's robust mutex:
   * mk_channel_destroy unlocks every one and keeps those that did not fail with EPERM, and
   * mk_channel_detach of another thread's endpoint returns that EPERM. Defined behaviour for a
   * robust mutex owned by another thread or process (or by nobody), which TSan reports as an
   * unlock of a mutex the thread does not hold. (Matching a report costs a symbolization: the
   * channel's memory is "/dev/zero (deleted)", and llvm-symbolizer says on stderr that it
   * cannot read that file.) */
  return "mutex:mk_channel_destroy\n"
         "mutex:mk_channel_detach\n";
}
