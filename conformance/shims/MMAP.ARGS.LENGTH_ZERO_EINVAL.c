/* MMAP.ARGS.LENGTH_ZERO_EINVAL: mmap() of length 0 succeeds (a whole page is mapped)
 * instead of failing with EINVAL. */

#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && len == 0) len = mk_page();
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
