/* MREMAP.DONTUNMAP.PRIVATE_SOURCE_ZERO: mremap(MREMAP_DONTUNMAP) of private memory leaves the data
 * at the source too, instead of leaving it empty (zero). */
#include <string.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  struct mk_vma vma;
  if (mk_armed() && p != MAP_FAILED && (flags & MK_MREMAP_DONTUNMAP) && !(flags & MREMAP_FIXED) &&
      mk_vma_at((uintptr_t)old, &vma) && vma.perms[3] == 'p' && vma.perms[1] == 'w') {
    memcpy(old, p, old_len);
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
