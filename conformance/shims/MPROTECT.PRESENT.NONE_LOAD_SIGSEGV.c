/* MPROTECT.PRESENT.NONE_LOAD_SIGSEGV: mprotect(PROT_NONE) takes the pages away instead
 * of protecting them: an access faults with SEGV_MAPERR, not SEGV_ACCERR. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  if (mk_armed() && prot == PROT_NONE && mk_mapped_bytes((uintptr_t)addr, len) == len) {
    return mk_real_munmap(addr, len);
  }
  return mk_real_mprotect(addr, len, prot);
}
