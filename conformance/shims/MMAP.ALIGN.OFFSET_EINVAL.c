/* MMAP.ALIGN.OFFSET_EINVAL: an unaligned file offset is silently aligned down to its
 * page instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  off_t page = (off_t)mk_page();
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && off % page != 0) off -= off % page;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
