/* MEMFD.SEAL_WRITE.PRIVATE_MAPPING_OK: F_ADD_SEALS(F_SEAL_WRITE) fails with EBUSY while any
 * mapping of the memfd exists, private ones included. */
#include <errno.h>
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

MK_INTERPOSE int fcntl(int fd, int cmd, ...) {
  MK_VA_LONG(cmd, arg);
  struct mk_fd facts;
  if (mk_armed() && cmd == F_ADD_SEALS && (arg & F_SEAL_WRITE) && mk_fd_facts(fd, &facts)) {
    for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
      if (mk_mine(m) && m->dev == facts.st.st_dev && m->ino == facts.st.st_ino) {
        errno = EBUSY;
        return -1;
      }
    }
  }
  return mk_real_fcntl(fd, cmd, arg);
}
MK_ALIAS64(fcntl);
