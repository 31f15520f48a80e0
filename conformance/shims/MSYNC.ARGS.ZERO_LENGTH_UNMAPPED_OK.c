/* MSYNC.ARGS.ZERO_LENGTH_UNMAPPED_OK: msync() of length 0 at an unmapped address fails
 * with ENOMEM (the empty range's page taken as the range). */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  if (mk_armed() && len == 0 && mk_mapped_bytes((uintptr_t)addr, mk_page()) == 0) {
    errno = ENOMEM;
    return -1;
  }
  return mk_real_msync(addr, len, flags);
}
