/* MLOCK.MLOCK2_UNKNOWN_FLAGS_EINVAL: mlock2() ignores flag bits it does not know instead of
 * failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlock2(const void *addr, size_t len, unsigned int flags) {
  if (mk_armed()) flags &= MLOCK_ONFAULT;
  return mk_real_mlock2(addr, len, flags);
}
