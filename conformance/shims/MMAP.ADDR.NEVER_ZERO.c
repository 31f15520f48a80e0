/* MMAP.ADDR.NEVER_ZERO: an aligned hint at pages already in use is honoured by
 * replacing them, as if MAP_FIXED had been given. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
  if (mk_armed() && !fixed && addr != NULL && (uintptr_t)addr % mk_page() == 0 && len > 0 &&
      mk_mapped_bytes((uintptr_t)addr, len) > 0) {
    flags |= MAP_FIXED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
