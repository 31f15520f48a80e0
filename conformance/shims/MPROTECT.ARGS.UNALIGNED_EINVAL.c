/* MPROTECT.ARGS.UNALIGNED_EINVAL: mprotect() at an unaligned address changes the page
 * holding it instead of failing with EINVAL. */

#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  uintptr_t skew = (uintptr_t)addr % mk_page();
  if (mk_armed() && skew != 0) {
    addr = (char *)addr - skew;
    len += skew;
  }
  return mk_real_mprotect(addr, len, prot);
}
