/* SIGBUS guard: a fault inside a registered range becomes an error return
 * (see sigbus_guard.h for the usage pattern).
 *
 * Design. A signal disposition belongs to the whole process, but a fault is
 * delivered synchronously to the thread that touched the page. So:
 *  - one process-wide handler, installed while at least one copy runs
 *    (reference count under a mutex) and otherwise absent: the previous
 *    disposition is saved by the first user and restored by the last, so the
 *    application's own handler (or the default action) is in place whenever
 *    no copy is running;
 *  - per-thread state: each thread points at its own active frame (a
 *    sigjmp_buf and the ranges it claims) through an initial-exec TLS
 *    variable, which is safe to read in a signal handler. Several threads
 *    can copy at once without sharing anything but the handler;
 *  - the handler claims a fault only if it is a real fault (si_code > 0, not a
 *    SIGBUS sent with kill) on an address inside the faulting thread's own
 *    ranges; it then siglongjmps back to the frame's sigsetjmp, which also
 *    restores the signal mask. Anything else is passed on to the previous
 *    disposition exactly as the kernel would have: a handler is called (its
 *    SA_RESETHAND honoured), the default action kills the process with the
 *    same signal (the faulting access repeats after the default is restored).
 * Why not avoid SIGBUS by re-checking the file size before each window?
 * Another process can truncate the file during the memcpy itself; only a
 * handler closes that window. Why not install the handler once for good?
 * Then an application that installs its own SIGBUS handler later would
 * silently disable the guard, and one that installed it earlier would never
 * see its faults while no copy runs.
 *
 * Limit: an application that changes the SIGBUS disposition while a copy is
 * running gets it overwritten by the saved one when the last copy ends. */
#define _GNU_SOURCE
#include "sigbus_guard.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned g_users;            /* guarded by g_lock */
static struct sigaction g_previous; /* written before our handler is installed */

static _Thread_local struct mk__sigbus_frame *tls_frame __attribute__((tls_model("initial-exec")));

/* Hand a fault that is not ours to the previous disposition. */
static void pass_on(int sig, siginfo_t *info, void *context) {
  const struct sigaction *prev = &g_previous;
  int sent = info->si_code <= 0; /* kill/raise/sigqueue: no faulting access to repeat */
  if (prev->sa_handler == SIG_IGN && sent) return;
  if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
    if (prev->sa_flags & SA_RESETHAND) signal(sig, SIG_DFL);
    if (prev->sa_flags & SA_SIGINFO) {
      prev->sa_sigaction(sig, info, context);
    } else {
      prev->sa_handler(sig);
    }
    return;
  }
  /* Default action (an ignored fault is fatal too, as the kernel forces it):
   * restore it; the repeated access, or the re-sent signal (blocked until we
   * return), then terminates the process with this signal. */
  signal(sig, SIG_DFL);
  if (sent) raise(sig);
}

static void on_sigbus(int sig, siginfo_t *info, void *context) {
  struct mk__sigbus_frame *frame = tls_frame;
  if (frame != NULL && info->si_code > 0) {
    uintptr_t addr = (uintptr_t)info->si_addr;
    for (int i = 0; i < MK_SIGBUS_MAX_RANGES; i++) {
      if (addr >= frame->start[i] && addr < frame->end[i]) {
        frame->fault_range = i;
        frame->fault_addr = addr;
        tls_frame = NULL;
        siglongjmp(frame->env, 1);
      }
    }
  }
  pass_on(sig, info, context);
}

int mk__sigbus_acquire(void) {
  int rc = 0;
  pthread_mutex_lock(&g_lock);
  if (g_users == 0) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGBUS, &sa, &g_previous) != 0) rc = -errno;
  }
  if (rc == 0) g_users++;
  pthread_mutex_unlock(&g_lock);
  return rc;
}

void mk__sigbus_release(void) {
  pthread_mutex_lock(&g_lock);
  if (g_users > 0 && --g_users == 0) sigaction(SIGBUS, &g_previous, NULL);
  pthread_mutex_unlock(&g_lock);
}

void mk__sigbus_frame_init(struct mk__sigbus_frame *frame, const void *a, size_t a_len,
                           const void *b, size_t b_len) {
  const void *base[MK_SIGBUS_MAX_RANGES] = {a, b};
  size_t len[MK_SIGBUS_MAX_RANGES] = {a_len, b_len};
  for (int i = 0; i < MK_SIGBUS_MAX_RANGES; i++) {
    frame->start[i] = base[i] != NULL ? (uintptr_t)base[i] : 0;
    frame->end[i] = base[i] != NULL ? (uintptr_t)base[i] + len[i] : 0;
  }
  frame->fault_range = -1;
  frame->fault_addr = 0;
}

void mk__sigbus_arm(struct mk__sigbus_frame *frame) {
  tls_frame = frame;
  /* The handler runs on this thread: a compiler barrier orders the store
   * before the guarded accesses. */
  atomic_signal_fence(memory_order_seq_cst);
}

void mk__sigbus_disarm(void) {
  atomic_signal_fence(memory_order_seq_cst);
  tls_frame = NULL;
}
