/* MMAP.ANON.ZERO_FILLED: MAP_SHARED|MAP_ANONYMOUS memory arrives dirty (0xA5 in
 * every byte, as with a recycled, unscrubbed page) instead of zero-filled. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  if (mk_armed() && p != MAP_FAILED && (flags & MAP_ANONYMOUS) && (flags & MAP_SHARED)) {
    mk_fill(p, len, 0xA5, prot);
  }
  return p;
}
MK_ALIAS64(mmap);
