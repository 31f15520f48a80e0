/* MADVISE.DONTNEED_LOCKED.ZEROES_LOCKED: madvise(MADV_DONTNEED_LOCKED) succeeds and discards
 * nothing. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && advice == 24 /* MADV_DONTNEED_LOCKED */) return 0;
  return mk_real_madvise(addr, len, advice);
}
