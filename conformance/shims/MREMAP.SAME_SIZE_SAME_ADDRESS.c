/* MREMAP.SAME_SIZE_SAME_ADDRESS: mremap() to the same size with flags 0 fails with EINVAL instead
 * of returning the same address. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  if (mk_armed() && new_len == old_len && flags == 0) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
