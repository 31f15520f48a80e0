/* MADVISE.MLOCKED.DONTNEED_EINVAL: madvise(MADV_DONTNEED) of an mlocked range succeeds (the
 * kernel's EINVAL is hidden). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  int rc = mk_real_madvise(addr, len, advice);
  if (mk_armed() && rc != 0 && errno == EINVAL && advice == MADV_DONTNEED && len != 0 &&
      mk_page_down((uintptr_t)addr) == (uintptr_t)addr) {
    return 0;
  }
  return rc;
}
