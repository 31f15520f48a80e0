/* MPROTECT.ARGS.HUGE_LENGTH_ENOMEM: mprotect() with a length beyond half the address
 * space fails with EINVAL instead of ENOMEM. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  if (mk_armed() && len > SIZE_MAX / 2) {
    errno = EINVAL;
    return -1;
  }
  return mk_real_mprotect(addr, len, prot);
}
