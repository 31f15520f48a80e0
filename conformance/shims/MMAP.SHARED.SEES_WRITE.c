/* MMAP.SHARED.SEES_WRITE: write() to a file does not reach its existing read-only
 * MAP_SHARED mappings: just before the write, the shim turns their file-backed
 * pages into anonymous copies of what they showed. */
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

static void before_write(int fd) {
  struct mk_fd facts;
  if (!mk_armed() || !mk_fd_regular(fd, &facts)) return;
  for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
    if (!mk_mine(m) || !(m->flags & MAP_SHARED) || m->prot != PROT_READ ||
        m->dev != facts.st.st_dev || m->ino != facts.st.st_ino) {
      continue;
    }
    size_t backed = mk_page_up(mk_backed_bytes(m));
    if (backed > 0 && mk_readable((uintptr_t)m->addr, backed)) {
      mk_replace_with_copy(m->addr, backed, PROT_READ);
    }
    m->prot = -1; /* a copy now: done with this one */
  }
}

MK_INTERPOSE ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
  before_write(fd);
  return mk_real_pwrite(fd, buf, n, off);
}
MK_ALIAS64(pwrite);

MK_INTERPOSE ssize_t write(int fd, const void *buf, size_t n) {
  before_write(fd);
  return mk_real_write(fd, buf, n);
}
