/* MPROTECT.NONE_AND_BACK: mprotect(PROT_NONE) returns 0 and changes nothing: the
 * page stays accessible. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  if (mk_armed() && prot == PROT_NONE) return 0;
  return mk_real_mprotect(addr, len, prot);
}
