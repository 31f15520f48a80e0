/* MMAP.FILE.SURVIVES_CLOSE_UNLINK: close() of a descriptor revokes the mappings made
 * through it (they become PROT_NONE), as if the mapping held no reference to
 * the file. */

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

MK_INTERPOSE int close(int fd) {
  struct mk_fd facts;
  if (mk_armed() && mk_fd_regular(fd, &facts)) {
    for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
      if (mk_mine(m) && m->caller_fd == fd && m->dev == facts.st.st_dev &&
          m->ino == facts.st.st_ino) {
        mk_real_mprotect(m->addr, m->len, PROT_NONE);
      }
    }
  }
  return mk_real_close(fd);
}
