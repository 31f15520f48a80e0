/* MREMAP.LOCKED.RLIMIT_EAGAIN: mremap() growing locked memory beyond RLIMIT_MEMLOCK fails with
 * ENOMEM instead of EAGAIN. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  if (mk_armed() && p == MAP_FAILED && errno == EAGAIN) errno = ENOMEM;
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
