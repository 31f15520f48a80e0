/* MSYNC.MAPPING_TYPES_OK: msync() of a read-only MAP_PRIVATE mapping fails with EINVAL
 * (a platform that syncs only mappings that can have dirty pages). */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  struct mk_vma vma;
  if (mk_armed() && mk_vma_at((uintptr_t)addr, &vma) && vma.perms[3] == 'p' &&
      vma.perms[0] == 'r' && vma.perms[1] != 'w') {
    errno = EINVAL;
    return -1;
  }
  return mk_real_msync(addr, len, flags);
}
