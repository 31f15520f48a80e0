/* MMAP.FIXED_NOREPLACE.PARTIAL_OVERLAP_EEXIST: MAP_FIXED_NOREPLACE looks only at the first
 * page of the range: when that one is free it maps like MAP_FIXED, replacing whatever the
 * rest of the range overlaps (as Linux 4.17 and 4.18 did). */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_vma vma;
  if (mk_armed() && (flags & MAP_FIXED_NOREPLACE) && (uintptr_t)addr % mk_page() == 0 &&
      !mk_vma_at((uintptr_t)addr, &vma)) {
    flags = (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
