/* MMAP.MODE.APPEND_ONLY_PRIVATE_OK: an append-only file (chattr +a) cannot be mapped at
 * all: MAP_PRIVATE fails with EACCES too. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && !(flags & (MAP_ANONYMOUS | MAP_SHARED)) && fd >= 0 && mk_append_only(fd)) {
    errno = EACCES;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
