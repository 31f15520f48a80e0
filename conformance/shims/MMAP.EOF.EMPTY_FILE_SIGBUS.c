/* MMAP.EOF.EMPTY_FILE_SIGBUS: a mapping of an empty file is anonymous zero memory: no
 * SIGBUS. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  bool file = mk_armed() && !(flags & MAP_ANONYMOUS) && mk_fd_regular(fd, &facts);
  off_t size = file ? facts.st.st_size : 0;
  if (file && size == 0 && off == 0) {
    return mk_real_mmap(addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | (flags & MAP_FIXED), -1, 0);
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
