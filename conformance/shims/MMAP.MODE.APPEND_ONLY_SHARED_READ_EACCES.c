/* MMAP.MODE.APPEND_ONLY_SHARED_READ_EACCES: a read-only MAP_SHARED mapping of an append-only
 * file through a writable descriptor "succeeds": the shim quietly maps it
 * MAP_PRIVATE. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  int err = errno;
  if (mk_armed() && p == MAP_FAILED && err == EACCES && (flags & MAP_SHARED) &&
      !(prot & PROT_WRITE) && mk_append_only(fd)) {
    return mk_real_mmap(addr, len, prot, (flags & ~MAP_SHARED_VALIDATE) | MAP_PRIVATE, fd, off);
  }
  errno = err;
  return p;
}
MK_ALIAS64(mmap);
