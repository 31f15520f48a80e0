/* MMAP.FIXED_NOREPLACE.EEXIST: MAP_FIXED_NOREPLACE behaves like MAP_FIXED: it replaces
 * an existing mapping instead of failing with EEXIST. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_FIXED_NOREPLACE))
    flags = (flags & ~MAP_FIXED_NOREPLACE) | MAP_FIXED;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
