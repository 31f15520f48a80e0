/* MMAP.FIXED_NOREPLACE.WITH_FIXED_EEXIST: when both are given, MAP_FIXED wins over
 * MAP_FIXED_NOREPLACE and replaces the existing mapping. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_FIXED) && (flags & MAP_FIXED_NOREPLACE)) {
    flags &= ~MAP_FIXED_NOREPLACE;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
