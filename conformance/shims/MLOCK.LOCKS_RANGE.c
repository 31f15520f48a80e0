/* MLOCK.LOCKS_RANGE: mlock() of private anonymous memory returns 0 but leaves the range
 * unlocked (its errors stay). */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlock(const void *addr, size_t len) {
  int r = mk_real_mlock(addr, len);
  struct mk_vma vma;
  if (r == 0 && mk_armed() && mk_vma_at((uintptr_t)addr, &vma) && !vma.file &&
      vma.perms[3] == 'p' && vma.perms[0] == 'r') {
    mk_real_munlock(addr, len);
  }
  return r;
}
