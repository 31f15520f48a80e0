/* MMAP.FTYPE.DIRECTORY_ENODEV: mmap() of a directory fails with EISDIR instead of
 * ENODEV (a wrong errno). */
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  int err = errno;
  struct mk_fd facts;
  if (mk_armed() && p == MAP_FAILED && err == ENODEV && fd >= 0 && mk_fd_facts(fd, &facts) &&
      S_ISDIR(facts.st.st_mode)) {
    err = EISDIR;
  }
  errno = err;
  return p;
}
MK_ALIAS64(mmap);
