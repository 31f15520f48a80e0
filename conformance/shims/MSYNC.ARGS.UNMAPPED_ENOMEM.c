/* MSYNC.ARGS.UNMAPPED_ENOMEM: msync() of unmapped pages returns 0 instead of failing
 * with ENOMEM. */

#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  int rc = mk_real_msync(addr, len, flags);
  if (mk_armed() && rc != 0 && errno == ENOMEM) return 0;
  return rc;
}
