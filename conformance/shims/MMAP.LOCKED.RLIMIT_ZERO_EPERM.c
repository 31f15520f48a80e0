/* MMAP.LOCKED.RLIMIT_ZERO_EPERM: mmap(MAP_LOCKED) refused because locking is not
 * permitted at all (RLIMIT_MEMLOCK 0) reports EAGAIN, as if the limit were merely
 * exceeded. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  if (mk_armed() && p == MAP_FAILED && (flags & MAP_LOCKED) && errno == EPERM) errno = EAGAIN;
  return p;
}
MK_ALIAS64(mmap);
