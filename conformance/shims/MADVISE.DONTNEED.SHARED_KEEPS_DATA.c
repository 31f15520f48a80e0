/* MADVISE.DONTNEED.SHARED_KEEPS_DATA: madvise(MADV_DONTNEED) of a MAP_SHARED mapping loses the
 * stores: the range is zeroed (in the file too) before the real call. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  struct mk_vma vma;
  if (mk_armed() && advice == MADV_DONTNEED && mk_vma_at((uintptr_t)addr, &vma) &&
      vma.perms[3] == 's' && vma.perms[1] == 'w') {
    mk_fill(addr, len, 0, PROT_READ | PROT_WRITE);
  }
  return mk_real_madvise(addr, len, advice);
}
