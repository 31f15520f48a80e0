/* MMAP.FORK.PRIVATE_COPIED: writable MAP_PRIVATE|MAP_ANONYMOUS memory is shared
 * with forked children (mapped MAP_SHARED|MAP_ANONYMOUS). */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  /* MAP_GROWSDOWN memory cannot be shared: left private. */
  if (mk_armed() && (flags & MAP_ANONYMOUS) && !(flags & (MAP_SHARED | MAP_GROWSDOWN)) &&
      (prot & PROT_WRITE)) {
    flags = (flags & ~MAP_PRIVATE) | MAP_SHARED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
