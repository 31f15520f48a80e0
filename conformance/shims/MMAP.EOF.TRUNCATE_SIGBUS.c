/* MMAP.EOF.TRUNCATE_SIGBUS: shrinking a file leaves existing MAP_SHARED mappings
 * of the cut-off pages readable: they keep their old bytes as anonymous copies. */

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  return mk_mmap_tracked(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);

MK_INTERPOSE int munmap(void *addr, size_t len) {
  return mk_munmap_tracked(addr, len);
}

MK_INTERPOSE int ftruncate(int fd, off_t len) {
  off_t old = mk_fd_size(fd);
  struct mk_fd facts;
  if (mk_armed() && len >= 0 && len < old && mk_fd_regular(fd, &facts)) {
    for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
      if (!mk_mine(m) || !(m->flags & MAP_SHARED) || m->dev != facts.st.st_dev ||
          m->ino != facts.st.st_ino || old <= m->offset) {
        continue;
      }
      /* The pages wholly past the new EOF that held file bytes before. */
      size_t lo = len > m->offset ? mk_page_up((size_t)(len - m->offset)) : 0;
      size_t hi = mk_page_up((size_t)(old - m->offset));
      if (hi > m->len) hi = mk_page_up(m->len);
      if (lo < hi && mk_readable((uintptr_t)m->addr + lo, hi - lo)) {
        mk_replace_with_copy(m->addr + lo, hi - lo, m->prot);
      }
    }
  }
  return mk_real_ftruncate(fd, len);
}
MK_ALIAS64(ftruncate);
