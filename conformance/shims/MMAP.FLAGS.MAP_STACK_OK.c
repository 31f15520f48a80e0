/* MMAP.FLAGS.MAP_STACK_OK: MAP_STACK is refused with EINVAL, as by a platform that does
 * not know the flag. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && (flags & MAP_STACK)) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
