/* MINCORE.LENGTH_ZERO_OK: mincore() of length 0 fails with EINVAL, as mmap() and munmap()
 * do. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mincore(void *addr, size_t len, unsigned char *vec) {
  if (mk_armed() && len == 0) {
    errno = EINVAL;
    return -1;
  }
  return mk_real_mincore(addr, len, vec);
}
