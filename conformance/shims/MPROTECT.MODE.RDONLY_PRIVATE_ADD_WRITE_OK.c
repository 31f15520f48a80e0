/* MPROTECT.MODE.RDONLY_PRIVATE_ADD_WRITE_OK: adding PROT_WRITE to a read-only MAP_PRIVATE
 * file mapping fails with EACCES (as if copy-on-write needed write access). */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  struct mk_vma vma;
  if (mk_armed() && (prot & PROT_WRITE) && mk_vma_at((uintptr_t)addr, &vma) &&
      vma.perms[3] == 'p' && vma.file && vma.perms[1] != 'w') {
    errno = EACCES;
    return -1;
  }
  return mk_real_mprotect(addr, len, prot);
}
