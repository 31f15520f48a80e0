/* MMAP.MODE.RDONLY_PRIVATE_WRITE_COW: a writable MAP_PRIVATE mapping of an O_RDONLY
 * descriptor is refused with EACCES (as if copy-on-write needed write access). */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  if (mk_armed() && !(flags & (MAP_ANONYMOUS | MAP_SHARED)) && (prot & PROT_WRITE) &&
      mk_fd_regular(fd, &facts) && (facts.flags & O_ACCMODE) == O_RDONLY) {
    errno = EACCES;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
