/* MMAP.ACCESS.PROT_NONE_STORE_SIGSEGV: PROT_NONE mappings are accessible (mapped
 * PROT_READ|PROT_WRITE), as on a platform without no-access pages: stores no longer fault. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && prot == PROT_NONE) prot = PROT_READ | PROT_WRITE;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
