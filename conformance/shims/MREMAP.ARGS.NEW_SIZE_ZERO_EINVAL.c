/* MREMAP.ARGS.NEW_SIZE_ZERO_EINVAL: mremap() to a new_size of 0 returns the old address, changing
 * nothing, instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && new_len == 0) return old;
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
