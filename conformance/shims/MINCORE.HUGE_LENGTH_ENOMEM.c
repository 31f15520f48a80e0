/* MINCORE.HUGE_LENGTH_ENOMEM: mincore() with a length past the end of the address space
 * fails with EINVAL instead of ENOMEM. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mincore(void *addr, size_t len, unsigned char *vec) {
  if (mk_armed() && len > SIZE_MAX / 2) {
    errno = EINVAL;
    return -1;
  }
  return mk_real_mincore(addr, len, vec);
}
