/* MSYNC.ARGS.UNALIGNED_EINVAL: msync() at an unaligned address syncs the page holding it
 * instead of failing with EINVAL. */

#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  uintptr_t skew = (uintptr_t)addr % mk_page();
  if (mk_armed() && skew != 0) {
    addr = (char *)addr - skew;
    len += skew;
  }
  return mk_real_msync(addr, len, flags);
}
