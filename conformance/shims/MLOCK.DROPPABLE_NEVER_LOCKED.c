/* MLOCK.DROPPABLE_NEVER_LOCKED: mmap(MAP_DROPPABLE) gives ordinary private memory, which
 * mlock() and mlockall(MCL_FUTURE) then lock. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

#define MK_MAP_DROPPABLE 0x08

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_TYPE) == MK_MAP_DROPPABLE) {
    flags = (flags & ~MAP_TYPE) | MAP_PRIVATE;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
