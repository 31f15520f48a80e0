/* MADVISE.ADVICE.ALL_ACCEPTED: madvise(MADV_DODUMP) fails with EINVAL (an advice the
 * platform does not know). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && advice == MADV_DODUMP) {
    errno = EINVAL;
    return -1;
  }
  return mk_real_madvise(addr, len, advice);
}
