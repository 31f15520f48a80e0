/* MADVISE.COLD_PAGEOUT.KEEP_DATA: madvise(MADV_PAGEOUT) discards the pages like MADV_DONTNEED
 * instead of paging them out. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && advice == MADV_PAGEOUT) return mk_real_madvise(addr, len, MADV_DONTNEED);
  return mk_real_madvise(addr, len, advice);
}
