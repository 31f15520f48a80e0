/* MMAP.FIXED_NOREPLACE.UNALIGNED_EINVAL: mmap(MAP_FIXED_NOREPLACE) at an unaligned address
 * maps the page holding it (the address is aligned down) instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_FIXED_NOREPLACE) && (uintptr_t)addr % mk_page() != 0) {
    addr = (void *)mk_page_down((uintptr_t)addr);
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
