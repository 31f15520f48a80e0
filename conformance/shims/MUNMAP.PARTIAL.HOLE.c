/* MUNMAP.PARTIAL.HOLE: munmap() of part of a mapping unmaps the whole mapping it
 * belongs to: the pages around the hole are gone too. */

#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  return mk_mmap_tracked(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);

MK_INTERPOSE int munmap(void *addr, size_t len) {
  struct mk_mapping *m =
      len > 0 && (uintptr_t)addr % mk_page() == 0 ? mk_mapping_holding(addr, len) : NULL;
  if (mk_armed() && m != NULL && (m->addr != addr || m->len != len)) {
    addr = m->addr;
    len = m->len;
  }
  return mk_munmap_tracked(addr, len);
}
