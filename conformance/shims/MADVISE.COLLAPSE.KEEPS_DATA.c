/* MADVISE.COLLAPSE.KEEPS_DATA: madvise(MADV_COLLAPSE) fails with EINVAL (a platform that does not
 * know the advice while it reports Linux 6.1 or later). */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && advice == 25 /* MADV_COLLAPSE */) {
    errno = EINVAL;
    return -1;
  }
  return mk_real_madvise(addr, len, advice);
}
