/* MREMAP.COPY.NO_MAYMOVE_ENOMEM: mremap(old_size = 0) without MREMAP_MAYMOVE places the second
 * mapping anywhere instead of failing with ENOMEM. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && old_len == 0) flags |= MREMAP_MAYMOVE;
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
