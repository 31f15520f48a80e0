/* MADVISE.DONTNEED.HUGE_SUBRANGE_EXACT: madvise(MADV_DONTNEED) of part of a 2 MiB-aligned
 * block that one mapping holds discards the whole block (a huge page that is not split). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  const uintptr_t huge = (uintptr_t)2 << 20;
  struct mk_vma vma;
  uintptr_t block = (uintptr_t)addr & ~(huge - 1);
  if (mk_armed() && advice == MADV_DONTNEED && len < huge && mk_vma_at((uintptr_t)addr, &vma) &&
      block >= vma.start && block + huge <= vma.end) {
    return mk_real_madvise((void *)block, huge, advice);
  }
  return mk_real_madvise(addr, len, advice);
}
