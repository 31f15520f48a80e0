/* MPROTECT.PRESENT.READONLY_STORE_SIGSEGV: mprotect(PROT_READ) of (part of) one writable
 * mapping returns 0 and leaves it writable. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  struct mk_vma vma;
  uintptr_t start = (uintptr_t)addr;
  if (mk_armed() && prot == PROT_READ && start == mk_page_down(start) && mk_vma_at(start, &vma) &&
      len <= vma.end - start && vma.perms[0] == 'r' && vma.perms[1] == 'w') {
    return 0;
  }
  return mk_real_mprotect(addr, len, prot);
}
