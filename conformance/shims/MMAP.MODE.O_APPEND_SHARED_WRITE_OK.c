/* MMAP.MODE.O_APPEND_SHARED_WRITE_OK: a writable MAP_SHARED mapping through an O_APPEND
 * descriptor is refused with EACCES (the descriptor flag taken for the inode's
 * append-only attribute). */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && (flags & MAP_SHARED) && (prot & PROT_WRITE) &&
      mk_fd_regular(fd, &facts) && (facts.flags & O_APPEND)) {
    errno = EACCES;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
