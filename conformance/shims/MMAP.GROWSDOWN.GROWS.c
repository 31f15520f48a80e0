/* MMAP.GROWSDOWN.GROWS: MAP_GROWSDOWN is accepted and ignored: the mapping never
 * grows, an access just below it faults. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && !(flags & MAP_SHARED)) flags &= ~MAP_GROWSDOWN;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
