/* MREMAP.FIXED.SHRINK: mremap(MREMAP_FIXED) shrinking a range moves all of old_size: the
 * destination gets more than new_size bytes. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && (flags & MREMAP_FIXED) && new_len < old_len &&
      mk_one_vma((uintptr_t)old, old_len)) {
    new_len = old_len;
  }
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
