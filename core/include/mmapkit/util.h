/* mmapkit/util.h - page size, overflow-checked alignment, error and signal
 * names, and MK_EXTERN.
 *
 * Every mmapkit function returns 0 (or a non-negative count) on success and a
 * negative errno value on failure; none of them exits, aborts or prints. */
#ifndef MMAPKIT_UTIL_H
#define MMAPKIT_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Marks the functions the library exports. It is compiled with
 * -fvisibility=hidden: only declarations marked MK_EXTERN (the public
 * headers' functions) are visible outside it; internal functions (mk__
 * prefix) are not. */
#if defined(__GNUC__) || defined(__clang__)
#define MK_EXTERN __attribute__((visibility("default")))
#else
#define MK_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The system page size in bytes (sysconf(_SC_PAGESIZE), cached). Never fails:
 * a power of two >= 4096 on every platform mmapkit supports. */
MK_EXTERN size_t mk_page_size(void);

/* *out = value rounded down to a multiple of align. align must be a power of
 * two. Returns 0, or -EINVAL if align is 0 or not a power of two. */
MK_EXTERN int mk_align_down(uint64_t value, uint64_t align, uint64_t *out);

/* *out = value rounded up to a multiple of align. align must be a power of
 * two. Returns 0, -EINVAL for a bad align, or -EOVERFLOW if the result does
 * not fit in 64 bits (*out is left unchanged on error). */
MK_EXTERN int mk_align_up(uint64_t value, uint64_t align, uint64_t *out);

/* *out = a + b. Returns 0, or -EOVERFLOW if the sum exceeds limit
 * (pass UINT64_MAX for plain 64-bit overflow, INT64_MAX for an off_t). */
MK_EXTERN int mk_add_checked(uint64_t a, uint64_t b, uint64_t limit, uint64_t *out);

/* Text for a mmapkit return value: err may be negative (-EACCES) or positive
 * (EACCES). Always returns a static, non-NULL string; "Success" for 0. */
MK_EXTERN const char *mk_strerror(int err);

/* Symbolic name of an errno value ("EACCES" for EACCES or -EACCES), or NULL
 * for a value this build does not know. Used by tests and reports so a
 * failure says EACCES, not 13. */
MK_EXTERN const char *mk_errno_name(int err);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_UTIL_H */
