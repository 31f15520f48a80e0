/* MMAP.ARGS.LENGTH_ROUNDS_TO_ZERO_ENOMEM: a length that wraps to 0 when rounded up to a
 * page is taken as length 0: EINVAL instead of ENOMEM. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && len > SIZE_MAX - mk_page() + 1) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
