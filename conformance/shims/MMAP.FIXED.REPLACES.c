/* MMAP.FIXED.REPLACES: mmap(MAP_FIXED) over pages that are in use (mapped and
 * readable) returns the address but leaves the old mapping in place. MAP_FIXED
 * into a PROT_NONE reservation (how the checks place mappings) still works. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_FIXED) && mk_readable((uintptr_t)addr, len)) return addr;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
