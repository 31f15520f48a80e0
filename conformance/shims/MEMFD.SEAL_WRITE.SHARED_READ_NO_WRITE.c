/* MEMFD.SEAL_WRITE.SHARED_READ_NO_WRITE: mprotect() adding PROT_WRITE to a read-only shared
 * mapping of an F_SEAL_WRITE memfd succeeds (the shim swaps in a writable private copy)
 * instead of failing with EACCES. */
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  return mk_mmap_tracked(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);

MK_INTERPOSE int munmap(void *addr, size_t len) {
  return mk_munmap_tracked(addr, len);
}

MK_INTERPOSE int mprotect(void *addr, size_t len, int prot) {
  struct mk_mapping *m = mk_mapping_holding(addr, len);
  if (mk_armed() && (prot & PROT_WRITE) && m != NULL && m->fd >= 0 &&
      (m->flags & MAP_TYPE) == MAP_SHARED) {
    int seals = mk_real_fcntl(m->fd, F_GET_SEALS, 0);
    if (seals > 0 && (seals & F_SEAL_WRITE) && mk_replace_with_copy(addr, len, prot)) return 0;
  }
  return mk_real_mprotect(addr, len, prot);
}
