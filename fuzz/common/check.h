/* fuzz/common/check.h - how a harness says "the library got it wrong".
 *
 * A failed check prints what disagreed (offsets, sizes, the first differing
 * byte, errno names) and the decoded test case, then aborts: libFuzzer saves
 * the input as a crash and the replay test fails. Nothing is ever ignored.
 *
 * Each harness sets fz_describe to a function printing its decoded case. */
#ifndef MMAPKIT_FUZZ_COMMON_CHECK_H
#define MMAPKIT_FUZZ_COMMON_CHECK_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmapkit/util.h"

/* Prints the current case to stderr (set by the harness; may be NULL). */
static void (*fz_describe)(void);

/* Reports a disagreement and aborts. */
__attribute__((noreturn, format(printf, 1, 2))) static inline void fz_fail(const char *fmt, ...) {
  va_list ap;
  fputs("\n*** mmapkit fuzz check failed: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  if (fz_describe) fz_describe();
  fflush(stderr);
  abort();
}

/* A system call the harness itself needs failed: not a library bug, but the
 * case cannot be judged, so stop loudly rather than pass. */
#define FZ_SYS(call)                                                                 \
  do {                                                                               \
    if ((call) < 0) fz_fail("harness setup: %s failed: %s", #call, strerror(errno)); \
  } while (0)

/* Name of a mmapkit return value: "0", "-EINVAL", or the number. */
static inline const char *fz_err_name(long rc, char buf[32]) {
  const char *name = rc < 0 ? mk_errno_name((int)-rc) : NULL;
  if (rc == 0) return "0";
  if (name)
    snprintf(buf, 32, "-%s", name);
  else
    snprintf(buf, 32, "%ld", rc);
  return buf;
}

/* Aborts unless got[0..n) == want[0..n). base is the file offset of got[0],
 * what names the region ("destination", "mapping", ...). */
static inline void fz_expect_bytes(const char *what, const void *got, const void *want, size_t n,
                                   uint64_t base) {
  if (n == 0 || memcmp(got, want, n) == 0) return;
  const uint8_t *g = got, *w = want;
  size_t i = 0;
  while (g[i] == w[i]) i++;
  size_t last = n - 1;
  while (g[last] == w[last]) last--;
  fz_fail(
      "%s differs at offset %llu: got 0x%02x, want 0x%02x (%zu bytes compared from offset %llu, "
      "last difference at %llu)",
      what, (unsigned long long)(base + i), g[i], w[i], n, (unsigned long long)base,
      (unsigned long long)(base + last));
}

/* Aborts unless every byte of p[0..n) is zero. */
static inline void fz_expect_zeros(const char *what, const void *p, size_t n, uint64_t base) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++) {
    if (b[i] != 0)
      fz_fail("%s: byte at offset %llu is 0x%02x, want 0 (range %llu..%llu must read as zeros)",
              what, (unsigned long long)(base + i), b[i], (unsigned long long)base,
              (unsigned long long)(base + n));
  }
}

#endif /* MMAPKIT_FUZZ_COMMON_CHECK_H */
