/* MMAP.FLAGS.NO_TYPE_EINVAL: mmap() with neither MAP_SHARED nor MAP_PRIVATE succeeds,
 * taken as MAP_PRIVATE (as old BSDs did), instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & (MAP_SHARED | MAP_PRIVATE)) == 0) flags |= MAP_PRIVATE;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
