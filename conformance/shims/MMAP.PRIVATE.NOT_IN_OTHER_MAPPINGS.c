/* MMAP.PRIVATE.NOT_IN_OTHER_MAPPINGS: MAP_PRIVATE behaves as MAP_SHARED: a writable
 * private mapping of a file open read-write is mapped shared, so its stores
 * reach the file and every other mapping. */
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  if (mk_armed() && !(flags & (MAP_ANONYMOUS | MAP_SHARED)) && (prot & PROT_WRITE) &&
      mk_fd_regular(fd, &facts) && (facts.flags & O_ACCMODE) == O_RDWR) {
    void *p = mk_real_mmap(addr, len, prot, (flags & ~MAP_PRIVATE) | MAP_SHARED, fd, off);
    if (p != MAP_FAILED) return p;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
