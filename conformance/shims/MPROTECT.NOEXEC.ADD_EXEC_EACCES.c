/* MPROTECT.NOEXEC.ADD_EXEC_EACCES: mprotect() adding PROT_EXEC that the mount refuses
 * drops PROT_EXEC and returns 0 (a platform that checks noexec only in mmap). */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  int r = mk_real_mprotect(addr, len, prot);
  if (mk_armed() && r != 0 && errno == EACCES && (prot & PROT_EXEC)) {
    return mk_real_mprotect(addr, len, prot & ~PROT_EXEC);
  }
  return r;
}
