/* MPROTECT.PRESENT.READONLY_STORE_SIGSEGV: mprotect(PROT_READ) of a whole writable
 * mapping returns 0 and leaves it writable. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  struct mk_vma vma;
  uintptr_t start = (uintptr_t)addr;
  /* Only a whole mapping: splitting one by protection still works. */
  if (mk_armed() && prot == PROT_READ && mk_vma_at(start, &vma) && vma.start == start &&
      mk_page_up(len) == vma.end - start && vma.perms[0] == 'r' && vma.perms[1] == 'w') {
    return 0;
  }
  return mk_real_mprotect(addr, len, prot);
}
