/* MMAP.ACCESS.WRITE_ONLY_READABLE: a PROT_WRITE-only mapping gets no access at all (mapped
 * PROT_NONE), as on hardware that cannot express write-only pages and errs to deny. */
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd f;
  /* Only where the write request itself is allowed: the kernel still judges the others. */
  bool writable = (flags & MAP_ANONYMOUS) || (flags & MAP_PRIVATE) ||
                  (mk_fd_facts(fd, &f) && (f.flags & O_ACCMODE) == O_RDWR);
  if (mk_armed() && prot == PROT_WRITE && writable) prot = PROT_NONE;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
