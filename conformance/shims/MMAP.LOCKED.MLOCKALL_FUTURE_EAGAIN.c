/* MMAP.LOCKED.MLOCKALL_FUTURE_EAGAIN: an mmap() without MAP_LOCKED that the kernel
 * refuses with EAGAIN (it would lock more than RLIMIT_MEMLOCK after
 * mlockall(MCL_FUTURE)) reports ENOMEM instead. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  if (mk_armed() && p == MAP_FAILED && !(flags & MAP_LOCKED) && errno == EAGAIN) errno = ENOMEM;
  return p;
}
MK_ALIAS64(mmap);
