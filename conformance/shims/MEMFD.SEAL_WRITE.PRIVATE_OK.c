/* MEMFD.SEAL_WRITE.PRIVATE_OK: any writable mapping of an F_SEAL_WRITE memfd fails with
 * EPERM, private ones too. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (prot & PROT_WRITE) && (flags & MAP_TYPE) == MAP_PRIVATE && fd >= 0 &&
      !(flags & MAP_ANONYMOUS)) {
    int seals = mk_real_fcntl(fd, F_GET_SEALS, 0);
    if (seals > 0 && (seals & F_SEAL_WRITE)) {
      errno = EPERM;
      return MAP_FAILED;
    }
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
