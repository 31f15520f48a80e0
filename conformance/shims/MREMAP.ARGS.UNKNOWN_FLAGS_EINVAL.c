/* MREMAP.ARGS.UNKNOWN_FLAGS_EINVAL: mremap() ignores flag bits it does not know instead of failing
 * with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed()) flags &= MREMAP_MAYMOVE | MREMAP_FIXED | MK_MREMAP_DONTUNMAP;
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
