/* MMAP.MODE.WRONLY_EACCES: a regular file open O_WRONLY is mapped anyway (the shim
 * reopens it read-write) instead of failing with EACCES. */
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && mk_fd_regular(fd, &facts) &&
      (facts.flags & O_ACCMODE) == O_WRONLY) {
    int rw = mk_reopen(fd, O_RDWR);
    if (rw >= 0) {
      void *p = mk_real_mmap(addr, len, prot, flags, rw, off);
      mk_close_quietly(rw);
      return p;
    }
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
