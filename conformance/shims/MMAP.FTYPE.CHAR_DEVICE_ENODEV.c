/* MMAP.FTYPE.CHAR_DEVICE_ENODEV: a character device without mmap support (anything but
 * /dev/zero) is "mapped" as zero-filled anonymous memory instead of failing with ENODEV. */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd f;
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && mk_fd_facts(fd, &f) && S_ISCHR(f.st.st_mode) &&
      !(major(f.st.st_rdev) == 1 && minor(f.st.st_rdev) == 5)) {
    flags = (flags & ~(MAP_SHARED | MAP_SHARED_VALIDATE)) | MAP_PRIVATE | MAP_ANONYMOUS;
    return mk_real_mmap(addr, len, prot, flags, -1, 0);
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
