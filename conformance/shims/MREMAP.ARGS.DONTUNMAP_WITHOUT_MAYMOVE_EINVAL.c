/* MREMAP.ARGS.DONTUNMAP_WITHOUT_MAYMOVE_EINVAL: mremap(MREMAP_DONTUNMAP) without MREMAP_MAYMOVE
 * moves the pages anyway instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && (flags & MK_MREMAP_DONTUNMAP)) flags |= MREMAP_MAYMOVE;
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
