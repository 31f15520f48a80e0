/* MREMAP.ARGS.FIXED_OVERLAP_EINVAL: mremap(MREMAP_FIXED) to a range overlapping the old one fails
 * with ENOMEM instead of EINVAL. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  uintptr_t o = (uintptr_t)old, n = (uintptr_t)new_addr;
  if (mk_armed() && (flags & MREMAP_FIXED) && n < o + old_len && o < n + new_len) {
    errno = ENOMEM;
    return MAP_FAILED;
  }
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
