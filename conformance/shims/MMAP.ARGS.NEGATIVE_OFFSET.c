/* MMAP.ARGS.NEGATIVE_OFFSET: a negative offset fails with EINVAL, which POSIX allows
 * but Linux does not do (it says EOVERFLOW): the linux profile must catch it. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && off < 0) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
