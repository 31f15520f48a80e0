/* MMAP.ARGS.LAST_PAGE_OFFSET_OK: the largest-offset check is off by one mapping length:
 * a mapping whose end lies within len bytes of the largest off_t fails with EOVERFLOW. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && off > 0 && len <= INT64_MAX / 4 &&
      off > INT64_MAX - 2 * (int64_t)len) {
    errno = EOVERFLOW;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
