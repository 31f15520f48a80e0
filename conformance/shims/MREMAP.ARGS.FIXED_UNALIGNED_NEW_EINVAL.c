/* MREMAP.ARGS.FIXED_UNALIGNED_NEW_EINVAL: mremap(MREMAP_FIXED) rounds an unaligned new_address down
 * to its page instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && (flags & MREMAP_FIXED)) new_addr = (void *)mk_page_down((uintptr_t)new_addr);
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
