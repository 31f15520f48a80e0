/* MMAP.FIXED.TOP_OF_ADDRESS_SPACE_ENOMEM: mmap(MAP_FIXED) of a range the address space
 * cannot hold fails with EINVAL instead of ENOMEM (a wrong errno). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  if (mk_armed() && p == MAP_FAILED && errno == ENOMEM && (flags & MAP_FIXED) &&
      (uintptr_t)addr > UINTPTR_MAX / 2) {
    errno = EINVAL;
  }
  return p;
}
MK_ALIAS64(mmap);
