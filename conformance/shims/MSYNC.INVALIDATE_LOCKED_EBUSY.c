/* MSYNC.INVALIDATE_LOCKED_EBUSY: msync() drops MS_INVALIDATE, so locked pages never
 * make it fail with EBUSY. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  if (mk_armed()) flags &= ~MS_INVALIDATE;
  return mk_real_msync(addr, len, flags);
}
