/* MPROTECT.RANGE.SEVERAL_MAPPINGS_OK: mprotect() over a range of several mappings
 * changes only the first of them and returns 0. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  struct mk_vma vma;
  uintptr_t start = (uintptr_t)addr;
  /* Only ranges that are wholly mapped: the kernel's own errors stay. */
  if (mk_armed() && start + len > start && mk_mapped_bytes(start, len) == len &&
      mk_vma_at(start, &vma) && vma.end - start < len) {
    len = vma.end - start;
  }
  return mk_real_mprotect(addr, len, prot);
}
