/* MREMAP.ARGS.UNALIGNED_OLD_EINVAL: mremap() rounds an unaligned old_address down to its page
 * instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed()) old = (void *)mk_page_down((uintptr_t)old);
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
