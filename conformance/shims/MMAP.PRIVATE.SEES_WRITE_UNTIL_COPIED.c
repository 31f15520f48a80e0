/* MMAP.PRIVATE.SEES_WRITE_UNTIL_COPIED: a write() to a file copies every page of its
 * writable MAP_PRIVATE mappings first, so even untouched pages keep the old
 * bytes (the "snapshot" behaviour Linux does not have). */
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
    if (!mk_mine(m) || (m->flags & MAP_SHARED) || !(m->prot & PROT_WRITE) ||
        !(m->prot & PROT_READ) || m->dev != facts.st.st_dev || m->ino != facts.st.st_ino) {
      continue;
    }
    size_t backed = mk_backed_bytes(m);
    if (backed == 0 || !mk_readable((uintptr_t)m->addr, backed)) continue;
    for (size_t i = 0; i < backed; i += mk_page()) {
      volatile char *c = m->addr + i;
      *c = *c; /* copy-on-write now */
    }
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
