/* MLOCK.PROT_NONE_ENOMEM: mlock() of a PROT_NONE mapping fails with ENOMEM before touching
 * it, so the mapping is not marked locked (Linux sets VM_LOCKED first). */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlock(const void *addr, size_t len) {
  struct mk_vma vma;
  if (mk_armed() && mk_vma_at((uintptr_t)addr, &vma) && vma.perms[0] == '-' &&
      vma.perms[1] == '-' && vma.perms[2] == '-') {
    errno = ENOMEM;
    return -1;
  }
  return mk_real_mlock(addr, len);
}
