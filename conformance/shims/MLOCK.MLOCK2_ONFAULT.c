/* MLOCK.MLOCK2_ONFAULT: mlock2(MLOCK_ONFAULT) ignores the flag and faults the whole range in,
 * like mlock(). */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlock2(const void *addr, size_t len, unsigned int flags) {
  if (mk_armed() && flags == MLOCK_ONFAULT) return mk_real_mlock(addr, len);
  return mk_real_mlock2(addr, len, flags);
}
