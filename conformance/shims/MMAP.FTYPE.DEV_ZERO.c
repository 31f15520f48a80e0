/* MMAP.FTYPE.DEV_ZERO: a MAP_SHARED mapping of /dev/zero is made private anonymous memory,
 * so a forked child's stores no longer reach the parent. */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd f;
  if (mk_armed() && (flags & MAP_SHARED) && !(flags & MAP_ANONYMOUS) && mk_fd_facts(fd, &f) &&
      S_ISCHR(f.st.st_mode) && major(f.st.st_rdev) == 1 && minor(f.st.st_rdev) == 5) {
    flags = (flags & ~(MAP_SHARED | MAP_SHARED_VALIDATE)) | MAP_PRIVATE | MAP_ANONYMOUS;
    return mk_real_mmap(addr, len, prot, flags, -1, 0);
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
