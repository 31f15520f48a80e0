/* MUNMAP.ARGS.LENGTH_ZERO_EINVAL: munmap() with length 0 returns 0 instead of failing with
 * EINVAL. */

#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int munmap(void *addr, size_t len) {
  if (mk_armed() && len == 0) return 0;
  return mk_real_munmap(addr, len);
}
