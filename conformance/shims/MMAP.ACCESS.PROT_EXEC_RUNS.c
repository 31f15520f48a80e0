/* MMAP.ACCESS.PROT_EXEC_RUNS: PROT_EXEC is silently dropped from anonymous memory (mmap and
 * mprotect succeed, the pages stay non-executable), as by a W^X policy that does not say so. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_ANONYMOUS)) prot &= ~PROT_EXEC;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  if (mk_armed()) prot &= ~PROT_EXEC;
  return mk_real_mprotect(addr, len, prot);
}
