/* MMAP.ARGS.PARTIAL_PAGE_LENGTH: a length below one page fails with EINVAL, as on a
 * platform that maps only whole pages and wants to be asked for them. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && len > 0 && len < mk_page()) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
