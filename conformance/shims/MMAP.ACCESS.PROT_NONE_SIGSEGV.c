/* MMAP.ACCESS.PROT_NONE_SIGSEGV: PROT_NONE mappings are readable (mapped PROT_READ), as
 * on hardware without no-access pages: loads no longer fault. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && prot == PROT_NONE) prot = PROT_READ;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
