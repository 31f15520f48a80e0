/* MMAP.EOF.OFFSET_BEYOND_EOF_SIGBUS: a mapping that starts past the end of its file is
 * anonymous zero memory: no SIGBUS. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  bool file = mk_armed() && !(flags & MAP_ANONYMOUS) && mk_fd_regular(fd, &facts);
  off_t size = file ? facts.st.st_size : 0;
  if (file && off > 0 && off <= INT64_MAX - (off_t)len && (size_t)off >= mk_page_up((size_t)size)) {
    return mk_real_mmap(addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | (flags & MAP_FIXED), -1, 0);
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
