/* MREMAP.FIXED.SPLIT_SOURCE_EFAULT: mremap(MREMAP_FIXED) shrinking a range that spans several
 * mappings fails with EINVAL instead of EFAULT. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  if (mk_armed() && p == MAP_FAILED && errno == EFAULT && (flags & MREMAP_FIXED) &&
      new_len < old_len) {
    errno = EINVAL;
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
