/* MLOCK.SHARED_WRITE_ONLY_OK: mlock() refuses a mapping it cannot read (PROT_WRITE only)
 * with ENOMEM, as a platform that faults pages in by reading them might. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlock(const void *addr, size_t len) {
  struct mk_vma vma;
  if (mk_armed() && mk_vma_at((uintptr_t)addr, &vma) && vma.perms[0] == '-' &&
      vma.perms[1] == 'w') {
    errno = ENOMEM;
    return -1;
  }
  return mk_real_mlock(addr, len);
}
