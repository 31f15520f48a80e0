/* MMAP.SHARED.VISIBLE_TO_OTHER_MAPPING: a second MAP_SHARED mapping of a file in the same
 * process gets a private snapshot of the file: stores through the first one do
 * not show in it. */
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  if (mk_armed() && (flags & MAP_SHARED) && !(flags & MAP_ANONYMOUS) && mk_fd_regular(fd, &facts)) {
    for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
      if (m->fd >= 0 && (m->flags & MAP_SHARED) && m->dev == facts.st.st_dev &&
          m->ino == facts.st.st_ino && m->pid == getpid()) {
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
