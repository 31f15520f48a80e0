/* MMAP.MODE.RDONLY_SHARED_WRITE_EACCES: PROT_WRITE with MAP_SHARED of an O_RDONLY
 * descriptor succeeds (the shim opens a second, writable descriptor) instead
 * of failing with EACCES. */
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && (flags & MAP_SHARED) && (prot & PROT_WRITE) &&
      mk_fd_regular(fd, &facts) && (facts.flags & O_ACCMODE) == O_RDONLY) {
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
