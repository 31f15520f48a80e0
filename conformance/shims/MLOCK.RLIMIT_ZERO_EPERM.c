/* MLOCK.RLIMIT_ZERO_EPERM: mlock() refused for want of privilege (RLIMIT_MEMLOCK 0, no
 * CAP_IPC_LOCK) fails with ENOMEM instead of EPERM. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlock(const void *addr, size_t len) {
  int r = mk_real_mlock(addr, len);
  if (r != 0 && errno == EPERM && mk_armed()) errno = ENOMEM;
  return r;
}
