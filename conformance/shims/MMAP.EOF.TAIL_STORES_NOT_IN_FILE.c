/* MMAP.EOF.TAIL_STORES_NOT_IN_FILE: msync() of a MAP_SHARED mapping writes its whole
 * last page, so stores past EOF in that page extend the file. */
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
  if (!mk_armed() || rc != 0 || m == NULL || !mk_mine(m) || !(m->flags & MAP_SHARED)) return rc;
  off_t size = mk_fd_size(m->fd);
  if (m->offset < size && size < m->offset + (off_t)m->len && size % (off_t)mk_page() != 0) {
    size_t tail = (size_t)(size - m->offset);
    mk_pwrite_all(m->fd, m->addr + tail, mk_page_up(tail) - tail, size);
  }
  return 0;
}
