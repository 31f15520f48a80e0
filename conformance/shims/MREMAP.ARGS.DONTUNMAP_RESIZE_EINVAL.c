/* MREMAP.ARGS.DONTUNMAP_RESIZE_EINVAL: mremap(MREMAP_DONTUNMAP) with new_size != old_size moves
 * old_size bytes instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && (flags & MK_MREMAP_DONTUNMAP)) new_len = old_len;
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
