/* MREMAP.ARGS.UNMAPPED_EFAULT: mremap() of a range with nothing mapped fails with ENOMEM instead of
 * EFAULT. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && old_len != 0 && mk_mapped_bytes((uintptr_t)old, old_len) == 0) {
    errno = ENOMEM;
    return MAP_FAILED;
  }
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
