/* MMAP.LOCKED.LOCKS: MAP_LOCKED is checked against RLIMIT_MEMLOCK but then ignored:
 * the mapping is neither populated nor locked. */
#include <sys/mman.h>
#include <sys/resource.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct rlimit limit;
  if (mk_armed() && (flags & MAP_LOCKED) && getrlimit(RLIMIT_MEMLOCK, &limit) == 0 &&
      limit.rlim_cur >= len) {
    flags &= ~MAP_LOCKED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
