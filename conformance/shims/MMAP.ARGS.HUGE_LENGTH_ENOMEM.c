/* MMAP.ARGS.HUGE_LENGTH_ENOMEM: a length no address space can hold fails with EINVAL
 * instead of ENOMEM (a wrong errno). */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  if (mk_armed() && p == MAP_FAILED && errno == ENOMEM && len >= (size_t)1 << 48) errno = EINVAL;
  return p;
}
MK_ALIAS64(mmap);
