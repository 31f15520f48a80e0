/* MREMAP.FIXED.GROW: mremap(MREMAP_FIXED) growing a range moves only old_size bytes: the rest of
 * the destination keeps what was there. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && (flags & MREMAP_FIXED) && new_len > old_len && old_len != 0) new_len = old_len;
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
