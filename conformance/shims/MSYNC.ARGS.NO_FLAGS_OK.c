/* MSYNC.ARGS.NO_FLAGS_OK: msync() with flags 0 fails with EINVAL (strict POSIX)
 * instead of succeeding as on Linux. */

#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  if (mk_armed() && flags == 0) {
    errno = EINVAL;
    return -1;
  }
  return mk_real_msync(addr, len, flags);
}
