/* MMAP.FLAGS.NORESERVE_USABLE: only the first half of a MAP_NORESERVE mapping can be
 * used (the rest is PROT_NONE), as on a platform that backs unreserved memory only up
 * to what it could commit. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  size_t half = mk_page_up(len / 2);
  if (mk_armed() && p != MAP_FAILED && (flags & MAP_NORESERVE) && half < len) {
    mk_real_mprotect((char *)p + half, len - half, PROT_NONE);
  }
  return p;
}
MK_ALIAS64(mmap);
