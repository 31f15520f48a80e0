/* MMAP.SHARED.SELF_READ_WRITE: pread() into and pwrite() from a MAP_SHARED mapping of
 * the same file fail with EDEADLK (a platform that holds the file's lock while it
 * faults the mapping in). */
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

/* buf lies in a MAP_SHARED mapping of fd's own file. */
static bool maps_own_file(int fd, const void *buf, size_t n) {
  struct mk_fd facts;
  struct mk_mapping *m = mk_mapping_holding((const void *)(uintptr_t)buf, n);
  return m != NULL && (m->flags & MAP_SHARED) && mk_fd_regular(fd, &facts) &&
         m->dev == facts.st.st_dev && m->ino == facts.st.st_ino;
}

MK_INTERPOSE ssize_t pread(int fd, void *buf, size_t n, off_t off) {
  if (mk_armed() && maps_own_file(fd, buf, n)) {
    errno = EDEADLK;
    return -1;
  }
  return mk_real_pread(fd, buf, n, off);
}
MK_ALIAS64(pread);

MK_INTERPOSE ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
  if (mk_armed() && maps_own_file(fd, buf, n)) {
    errno = EDEADLK;
    return -1;
  }
  return mk_real_pwrite(fd, buf, n, off);
}
MK_ALIAS64(pwrite);
