/* MSYNC.ARGS.BOTH_FLAGS_EINVAL: msync(MS_SYNC|MS_ASYNC) is taken as MS_SYNC instead of
 * failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  if (mk_armed() && (flags & MS_SYNC) && (flags & MS_ASYNC)) flags &= ~MS_ASYNC;
  return mk_real_msync(addr, len, flags);
}
