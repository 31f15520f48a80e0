/* MMAP.FLAGS.SHARED_AND_PRIVATE_ANON_EINVAL: MAP_SHARED|MAP_PRIVATE|MAP_ANONYMOUS is taken
 * as MAP_SHARED|MAP_ANONYMOUS (a shared anonymous mapping) instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  int both = MAP_SHARED | MAP_PRIVATE;
  if (mk_armed() && (flags & MAP_ANONYMOUS) && (flags & both) == both) flags &= ~MAP_PRIVATE;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
