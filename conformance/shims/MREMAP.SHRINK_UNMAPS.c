/* MREMAP.SHRINK_UNMAPS: mremap() to a smaller size returns the old address and unmaps nothing: the
 * cut-off pages stay mapped. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && new_len < old_len && new_len != 0 && !(flags & MREMAP_FIXED)) return old;
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
