/* MMAP.ANON.FD_IGNORED: MAP_ANONYMOUS with an open file descriptor maps the file
 * (the flag is dropped) instead of ignoring fd. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_ANONYMOUS) && fd >= 0) flags &= ~MAP_ANONYMOUS;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
