/* MPROTECT.ARGS.UNMAPPED_ENOMEM: mprotect() of unmapped pages returns 0 instead of failing
 * with ENOMEM. */

#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  int rc = mk_real_mprotect(addr, len, prot);
  if (mk_armed() && rc != 0 && errno == ENOMEM) return 0;
  return rc;
}
