/* MADVISE.WIPEONFORK.CHILD_READS_ZERO: madvise(MADV_WIPEONFORK) of private anonymous memory
 * succeeds and does nothing: children inherit the data. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  struct mk_vma vma;
  if (mk_armed() && advice == MADV_WIPEONFORK && mk_vma_at((uintptr_t)addr, &vma) &&
      vma.perms[3] == 'p' && !vma.file) {
    return 0;
  }
  return mk_real_madvise(addr, len, advice);
}
