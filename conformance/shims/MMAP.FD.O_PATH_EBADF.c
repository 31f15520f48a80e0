/* MMAP.FD.O_PATH_EBADF: an O_PATH descriptor is mapped as if it were open for
 * reading (the shim reopens the file read-only) instead of failing with EBADF. */
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && fd >= 0 && mk_fd_facts(fd, &facts) &&
      (facts.flags & O_PATH)) {
    int readable = mk_reopen(fd, O_RDONLY);
    if (readable >= 0) {
      void *p = mk_real_mmap(addr, len, prot, flags, readable, off);
      mk_close_quietly(readable);
      return p;
    }
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
