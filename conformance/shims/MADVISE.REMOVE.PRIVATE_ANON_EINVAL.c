/* MADVISE.REMOVE.PRIVATE_ANON_EINVAL: madvise(MADV_REMOVE) of private memory discards it like
 * MADV_DONTNEED and succeeds. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  struct mk_vma vma;
  if (mk_armed() && advice == MADV_REMOVE && mk_vma_at((uintptr_t)addr, &vma) &&
      vma.perms[3] == 'p') {
    return mk_real_madvise(addr, len, MADV_DONTNEED);
  }
  return mk_real_madvise(addr, len, advice);
}
