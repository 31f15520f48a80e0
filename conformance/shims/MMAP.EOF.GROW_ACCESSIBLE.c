/* MMAP.EOF.GROW_ACCESSIBLE: growing a file does not make the pages of existing
 * mappings that were past the old EOF accessible: they become PROT_NONE. */

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
  int rc = mk_real_ftruncate(fd, len);
  int err = errno;
  struct mk_fd facts;
  if (mk_armed() && rc == 0 && old >= 0 && len > old && mk_fd_regular(fd, &facts)) {
    for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
      if (!mk_mine(m) || m->dev != facts.st.st_dev || m->ino != facts.st.st_ino) continue;
      /* The pages wholly past the old EOF, up to the new one. */
      size_t lo = old > m->offset ? mk_page_up((size_t)(old - m->offset)) : 0;
      size_t hi = len > m->offset ? mk_page_up((size_t)(len - m->offset)) : 0;
      if (hi > mk_page_up(m->len)) hi = mk_page_up(m->len);
      if (lo < hi) mk_real_mprotect(m->addr + lo, hi - lo, PROT_NONE);
    }
  }
  errno = err;
  return rc;
}
MK_ALIAS64(ftruncate);
