/* MMAP.POPULATE.PRIVATE_COPIES: MAP_POPULATE of a writable MAP_PRIVATE file mapping
 * only reads the pages in, without copying them: the mapping keeps showing the
 * file's later changes until it is stored to. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_POPULATE) && (flags & MAP_PRIVATE) && !(flags & MAP_ANONYMOUS) &&
      (prot & PROT_WRITE)) {
    flags &= ~MAP_POPULATE;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
