/* MADVISE.GUARD.FAULTS_UNTIL_REMOVED: madvise(MADV_GUARD_INSTALL) succeeds and installs no guard:
 * the page stays accessible. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && advice == 102 /* MADV_GUARD_INSTALL */) return 0;
  return mk_real_madvise(addr, len, advice);
}
