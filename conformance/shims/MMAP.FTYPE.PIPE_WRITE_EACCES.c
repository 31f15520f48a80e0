/* MMAP.FTYPE.PIPE_WRITE_EACCES: the file type is checked before the open mode (as
 * BSDs do): a pipe's write end fails with ENODEV, where Linux says EACCES. */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && fd >= 0 && mk_fd_facts(fd, &facts) &&
      S_ISFIFO(facts.st.st_mode) && (facts.flags & O_ACCMODE) == O_WRONLY) {
    errno = ENODEV;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
