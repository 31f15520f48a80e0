/* MADVISE.WIPEONFORK.NOT_PRIVATE_ANON_EINVAL: madvise(MADV_WIPEONFORK) succeeds on any mapping
 * (the kernel's EINVAL for file and shared mappings is hidden). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  int rc = mk_real_madvise(addr, len, advice);
  if (mk_armed() && rc != 0 && errno == EINVAL && advice == MADV_WIPEONFORK) return 0;
  return rc;
}
