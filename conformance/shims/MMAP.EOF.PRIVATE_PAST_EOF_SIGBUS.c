/* MMAP.EOF.PRIVATE_PAST_EOF_SIGBUS: no SIGBUS past EOF for MAP_PRIVATE mappings: the pages
 * wholly past EOF are anonymous zero pages. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  bool file = mk_armed() && !(flags & MAP_ANONYMOUS) && mk_fd_regular(fd, &facts);
  off_t size = file ? facts.st.st_size : 0;
  /* Bytes of the mapping up to the end of the page holding EOF. */
  size_t backed = size > off ? mk_page_up((size_t)(size - off)) : 0;
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  if (p != MAP_FAILED && !(flags & MAP_SHARED) && backed > 0 && backed < len) {
    mk_real_mmap((char *)p + backed, len - backed, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                 -1, 0);
  }
  return p;
}
MK_ALIAS64(mmap);
