/* MMAP.ALIGN.HINT_UNALIGNED_OK: an unaligned address hint (no MAP_FIXED) is refused
 * with EINVAL instead of being taken as a hint. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
  if (mk_armed() && !fixed && (uintptr_t)addr % mk_page() != 0) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
