/* MMAP.SHARED.VISIBLE_TO_OTHER_PROCESS: a MAP_SHARED mapping made in a forked child of a
 * file its parent has mapped is a private snapshot: the two processes no longer
 * see each other's stores. */
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  if (mk_armed() && (flags & MAP_SHARED) && !(flags & MAP_ANONYMOUS) && mk_fd_regular(fd, &facts)) {
    for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
      if (m->fd >= 0 && (m->flags & MAP_SHARED) && m->dev == facts.st.st_dev &&
          m->ino == facts.st.st_ino && m->pid != getpid()) {
        return mk_map_copy_of_file(addr, len, prot, flags, fd, off);
      }
    }
  }
  return mk_mmap_tracked(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);

MK_INTERPOSE int munmap(void *addr, size_t len) {
  return mk_munmap_tracked(addr, len);
}
