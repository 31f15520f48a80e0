/* MSYNC.INVALIDATE_OK: msync(MS_INVALIDATE) fails with EBUSY whether or not the range
 * is locked. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  if (mk_armed() && (flags & MS_INVALIDATE)) {
    errno = EBUSY;
    return -1;
  }
  return mk_real_msync(addr, len, flags);
}
