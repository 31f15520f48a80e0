/* sigbus_guard.h (private) - turn a SIGBUS inside a registered address range
 * into an error return instead of the death of the process.
 *
 * A mapped file page whose backing is gone (the file was truncated under the
 * mapping) or cannot be allocated (a full tmpfs) raises SIGBUS on access.
 * The copy maps windows of files it does not control, so every memcpy on a
 * mapping runs inside a guard frame:
 *
 *   struct mk__sigbus_frame frame;
 *   mk__sigbus_frame_init(&frame, src, src_len, dst, dst_len);
 *   if (sigsetjmp(frame.env, 1) == 0) {
 *     mk__sigbus_arm(&frame);
 *     memcpy(dst, src, n);
 *     mk__sigbus_disarm();
 *   } else {
 *     ... frame.fault_range says which range faulted ...
 *   }
 *
 * between mk__sigbus_acquire() and mk__sigbus_release() (which install and
 * restore the process-wide handler). See sigbus_guard.c for the design. */
#ifndef MMAPKIT_SIGBUS_GUARD_H
#define MMAPKIT_SIGBUS_GUARD_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MK_SIGBUS_MAX_RANGES 2

struct mk__sigbus_frame {
  sigjmp_buf env;                        /* sigsetjmp(env, 1): restores the mask */
  uintptr_t start[MK_SIGBUS_MAX_RANGES]; /* claimed ranges [start, end) */
  uintptr_t end[MK_SIGBUS_MAX_RANGES];
  volatile int fault_range;      /* index of the faulting range, -1 if none */
  volatile uintptr_t fault_addr; /* si_addr of the claimed fault */
};

/* Install the process-wide SIGBUS handler if this is the first user (the
 * previous disposition is saved); reference-counted and thread-safe.
 * Returns 0 or -errno from sigaction. */
int mk__sigbus_acquire(void);

/* Drop one reference; the last one restores the saved disposition. */
void mk__sigbus_release(void);

/* Claim [a, a + a_len) and [b, b + b_len) (a NULL or empty range claims
 * nothing). Resets fault_range to -1. */
void mk__sigbus_frame_init(struct mk__sigbus_frame *frame, const void *a, size_t a_len,
                           const void *b, size_t b_len);

/* Make frame the calling thread's active frame: a SIGBUS fault inside one of
 * its ranges now jumps back to sigsetjmp(frame->env) returning 1. */
void mk__sigbus_arm(struct mk__sigbus_frame *frame);

/* The calling thread has no active frame any more. */
void mk__sigbus_disarm(void);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_SIGBUS_GUARD_H */
