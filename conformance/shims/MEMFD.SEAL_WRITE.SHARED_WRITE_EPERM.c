/* MEMFD.SEAL_WRITE.SHARED_WRITE_EPERM: a writable MAP_SHARED mapping of an F_SEAL_WRITE
 * memfd is granted as a private (copy-on-write) mapping instead of failing with EPERM. */
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (prot & PROT_WRITE) && (flags & MAP_TYPE) == MAP_SHARED && fd >= 0) {
    int seals = mk_real_fcntl(fd, F_GET_SEALS, 0);
    if (seals > 0 && (seals & F_SEAL_WRITE)) flags = (flags & ~MAP_TYPE) | MAP_PRIVATE;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
