/* MADVISE.MLOCKED.REMOVE_EINVAL: madvise(MADV_REMOVE) of a locked shared range succeeds (the
 * kernel's EINVAL is hidden). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  struct mk_vma vma;
  int rc = mk_real_madvise(addr, len, advice);
  if (mk_armed() && rc != 0 && errno == EINVAL && advice == MADV_REMOVE &&
      mk_vma_at((uintptr_t)addr, &vma) && vma.perms[3] == 's') {
    return 0;
  }
  return rc;
}
