/* MMAP.GROWSDOWN.GUARD_GAP_SIGSEGV: a MAP_GROWSDOWN|MAP_FIXED mapping comes with one
 * page below it already grown, whatever lies below: the guard gap to the next
 * mapping is not kept. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  if (mk_armed() && p != MAP_FAILED && (flags & MAP_GROWSDOWN) && (flags & MAP_FIXED) &&
      (flags & MAP_ANONYMOUS)) {
    char *below = (char *)p - mk_page();
    mk_real_mmap(below, mk_page(), prot, (flags & ~MAP_GROWSDOWN) | MAP_FIXED_NOREPLACE, -1, 0);
  }
  return p;
}
MK_ALIAS64(mmap);
