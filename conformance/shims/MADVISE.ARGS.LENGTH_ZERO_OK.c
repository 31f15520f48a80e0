/* MADVISE.ARGS.LENGTH_ZERO_OK: madvise() with length 0 fails with EINVAL. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && len == 0) {
    errno = EINVAL;
    return -1;
  }
  return mk_real_madvise(addr, len, advice);
}
