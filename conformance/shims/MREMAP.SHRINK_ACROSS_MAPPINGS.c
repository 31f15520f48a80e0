/* MREMAP.SHRINK_ACROSS_MAPPINGS: mremap() refuses, with EFAULT, to shrink a range made of several
 * mappings. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && new_len < old_len && !(flags & MREMAP_FIXED) &&
      !mk_one_vma((uintptr_t)old, old_len)) {
    errno = EFAULT;
    return MAP_FAILED;
  }
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
