/* MMAP.FORK.SHARED_STAYS_SHARED: MAP_SHARED|MAP_ANONYMOUS memory is private to each
 * process after fork() (mapped MAP_PRIVATE|MAP_ANONYMOUS). */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_ANONYMOUS) && (flags & MAP_SHARED)) {
    flags = (flags & ~MAP_SHARED_VALIDATE) | MAP_PRIVATE;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
