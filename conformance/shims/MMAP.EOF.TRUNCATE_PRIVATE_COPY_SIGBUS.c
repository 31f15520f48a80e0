/* MMAP.EOF.TRUNCATE_PRIVATE_COPY_SIGBUS: shrinking a file leaves the pages of its
 * MAP_PRIVATE mappings past the new EOF readable: they keep their bytes (the
 * process's copies included) as anonymous copies. */
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
  struct mk_fd facts;
  if (mk_armed() && len >= 0 && len < mk_fd_size(fd) && mk_fd_regular(fd, &facts)) {
    for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
      if (!mk_mine(m) || !(m->flags & MAP_PRIVATE) || m->dev != facts.st.st_dev ||
          m->ino != facts.st.st_ino) {
        continue;
      }
      /* The mapping's pages wholly past the new EOF. */
      size_t lo = len > m->offset ? mk_page_up((size_t)(len - m->offset)) : 0;
      size_t hi = mk_page_up(m->len);
      if (lo < hi && mk_readable((uintptr_t)m->addr + lo, hi - lo)) {
        mk_replace_with_copy(m->addr + lo, hi - lo, m->prot);
      }
    }
  }
  return mk_real_ftruncate(fd, len);
}
MK_ALIAS64(ftruncate);
