/* MMAP.FIXED_NOREPLACE.ADJACENT_OK: the overlap test of MAP_FIXED_NOREPLACE is off by one
 * page on each side: a range that merely touches a mapping fails with EEXIST. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  uintptr_t a = (uintptr_t)addr;
  if (mk_armed() && (flags & MAP_FIXED_NOREPLACE) && a % mk_page() == 0 && a >= mk_page() &&
      mk_mapped_bytes(a - mk_page(), mk_page_up(len) + 2 * mk_page()) != 0) {
    errno = EEXIST;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
