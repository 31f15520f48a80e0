/* MPROTECT.ARGS.UNKNOWN_PROT_EINVAL: mprotect() ignores protection bits it does not
 * know, and PROT_GROWSDOWN, instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  if (mk_armed()) prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
  return mk_real_mprotect(addr, len, prot);
}
