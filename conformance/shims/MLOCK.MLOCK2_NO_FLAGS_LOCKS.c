/* MLOCK.MLOCK2_NO_FLAGS_LOCKS: mlock2() with flags 0 behaves as MLOCK_ONFAULT: the range is
 * locked but not faulted in. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlock2(const void *addr, size_t len, unsigned int flags) {
  if (mk_armed() && flags == 0) flags = MLOCK_ONFAULT;
  return mk_real_mlock2(addr, len, flags);
}
