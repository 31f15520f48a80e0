/* MREMAP.BLOCKED_ENOMEM: mremap() without MREMAP_MAYMOVE moves the mapping anyway when it cannot
 * grow in place, instead of failing with ENOMEM. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  if (mk_armed() && p == MAP_FAILED && errno == ENOMEM && !(flags & MREMAP_MAYMOVE) &&
      old_len != 0 && new_len > old_len) {
    p = mk_real_mremap(old, old_len, new_len, flags | MREMAP_MAYMOVE, new_addr);
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
