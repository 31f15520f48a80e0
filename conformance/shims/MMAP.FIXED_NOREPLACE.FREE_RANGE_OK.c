/* MMAP.FIXED_NOREPLACE.FREE_RANGE_OK: MAP_FIXED_NOREPLACE into a free range places the
 * mapping somewhere else, as if the address were no request at all. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
      (uintptr_t)addr % mk_page() == 0 && mk_mapped_bytes((uintptr_t)addr, len) == 0) {
    /* Hold the requested range while the kernel picks another place. */
    void *hold = mk_real_mmap(addr, len, PROT_NONE,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    void *p = mk_real_mmap(NULL, len, prot, flags & ~MAP_FIXED_NOREPLACE, fd, off);
    if (hold != MAP_FAILED) mk_real_munmap(hold, len);
    return p;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
