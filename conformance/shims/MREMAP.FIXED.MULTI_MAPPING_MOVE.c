/* MREMAP.FIXED.MULTI_MAPPING_MOVE: mremap(MREMAP_FIXED) of a range made of several mappings fails
 * with EFAULT, as Linux < 6.17 did. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && (flags & MREMAP_FIXED) && new_len == old_len &&
      !mk_one_vma((uintptr_t)old, old_len)) {
    errno = EFAULT;
    return MAP_FAILED;
  }
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
