/* MMAP.FLAGS.SHARED_AND_PRIVATE: MAP_SHARED|MAP_PRIVATE (= MAP_SHARED_VALIDATE) maps the
 * file private: stores no longer reach it. What the kernel refuses (an unknown
 * flag under MAP_SHARED_VALIDATE) still fails as before. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  if (!mk_armed() || p == MAP_FAILED || (flags & MAP_ANONYMOUS) ||
      (flags & MAP_SHARED_VALIDATE) != MAP_SHARED_VALIDATE) {
    return p;
  }
  mk_real_munmap(p, len);
  return mk_real_mmap(addr, len, prot, flags & ~MAP_SHARED, fd, off);
}
MK_ALIAS64(mmap);
