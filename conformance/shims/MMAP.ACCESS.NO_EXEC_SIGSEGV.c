/* MMAP.ACCESS.NO_EXEC_SIGSEGV: readable anonymous memory is executable too, as under the
 * READ_IMPLIES_EXEC personality or on hardware without no-execute pages. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_ANONYMOUS) && (prot & PROT_READ)) prot |= PROT_EXEC;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
