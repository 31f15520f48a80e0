/* MUNMAP.ARGS.UNALIGNED_EINVAL: munmap() at an unaligned address unmaps from the start of
 * its page instead of failing with EINVAL. */

#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int munmap(void *addr, size_t len) {
  uintptr_t skew = (uintptr_t)addr % mk_page();
  if (mk_armed() && skew != 0) {
    addr = (char *)addr - skew;
    len += skew;
  }
  return mk_real_munmap(addr, len);
}
