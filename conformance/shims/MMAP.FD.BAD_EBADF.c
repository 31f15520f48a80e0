/* MMAP.FD.BAD_EBADF: mmap() of a descriptor that is not open (a closed one,
 * or -1 without MAP_ANONYMOUS) fails with EINVAL instead of EBADF. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  int err = errno;
  struct mk_fd facts;
  if (mk_armed() && p == MAP_FAILED && err == EBADF && !mk_fd_facts(fd, &facts)) err = EINVAL;
  errno = err;
  return p;
}
MK_ALIAS64(mmap);
