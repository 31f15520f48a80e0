/* MMAP.LOCKED.RLIMIT_EAGAIN: mmap(MAP_LOCKED) beyond RLIMIT_MEMLOCK fails with ENOMEM
 * instead of EAGAIN. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  if (mk_armed() && p == MAP_FAILED && (flags & MAP_LOCKED) && errno == EAGAIN) errno = ENOMEM;
  return p;
}
MK_ALIAS64(mmap);
