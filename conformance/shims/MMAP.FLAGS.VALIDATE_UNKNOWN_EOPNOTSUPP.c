/* MMAP.FLAGS.VALIDATE_UNKNOWN_EOPNOTSUPP: MAP_SHARED_VALIDATE ignores unknown flags (like
 * plain MAP_SHARED) instead of failing with EOPNOTSUPP. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_SHARED_VALIDATE) == MAP_SHARED_VALIDATE) {
    flags &= MK_KNOWN_MAP_FLAGS;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
