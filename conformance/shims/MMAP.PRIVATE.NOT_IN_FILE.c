/* MMAP.PRIVATE.NOT_IN_FILE: msync() of a MAP_PRIVATE file mapping writes the private
 * pages to the file. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  return mk_mmap_tracked(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);

MK_INTERPOSE int munmap(void *addr, size_t len) {
  return mk_munmap_tracked(addr, len);
}

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  int rc = mk_real_msync(addr, len, flags);
  struct mk_mapping *m = mk_mapping_holding(addr, len);
  if (mk_armed() && rc == 0 && m != NULL && mk_mine(m) && !(m->flags & MAP_SHARED) &&
      mk_readable((uintptr_t)m->addr, m->len)) {
    mk_pwrite_all(m->fd, m->addr, mk_backed_bytes(m), m->offset);
  }
  return rc;
}
