/* MADVISE.DONTNEED.IGNORES_PROT_NONE: madvise(MADV_DONTNEED) of a PROT_NONE range fails with
 * EACCES. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  struct mk_vma vma;
  if (mk_armed() && advice == MADV_DONTNEED && mk_vma_at((uintptr_t)addr, &vma) &&
      vma.perms[0] == '-' && vma.perms[1] == '-' && vma.perms[2] == '-') {
    errno = EACCES;
    return -1;
  }
  return mk_real_madvise(addr, len, advice);
}
