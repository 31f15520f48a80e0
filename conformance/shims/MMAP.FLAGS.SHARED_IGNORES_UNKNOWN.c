/* MMAP.FLAGS.SHARED_IGNORES_UNKNOWN: plain MAP_SHARED validates its flags: an unknown
 * flag fails with EINVAL instead of being ignored. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_SHARED_VALIDATE) == MAP_SHARED &&
      (flags & ~MK_KNOWN_MAP_FLAGS) != 0) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
