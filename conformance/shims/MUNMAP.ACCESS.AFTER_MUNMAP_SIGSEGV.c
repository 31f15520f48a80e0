/* MUNMAP.ACCESS.AFTER_MUNMAP_SIGSEGV: munmap() of a whole mapping returns 0 and unmaps
 * nothing: the pages stay readable. (munmap of part of a mapping still works,
 * so the checks that punch holes to get an unmapped page are not affected.) */

#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  return mk_mmap_tracked(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);

MK_INTERPOSE int munmap(void *addr, size_t len) {
  struct mk_mapping *m = mk_mapping_holding(addr, len);
  if (mk_armed() && m != NULL && m->addr == addr && m->len == len) {
    mk_forget(addr, len);
    return 0;
  }
  return mk_munmap_tracked(addr, len);
}
