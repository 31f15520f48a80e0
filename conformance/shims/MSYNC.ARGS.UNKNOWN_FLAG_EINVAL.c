/* MSYNC.ARGS.UNKNOWN_FLAG_EINVAL: msync() ignores flag bits it does not know instead of
 * failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  if (mk_armed()) flags &= MS_ASYNC | MS_INVALIDATE | MS_SYNC;
  return mk_real_msync(addr, len, flags);
}
