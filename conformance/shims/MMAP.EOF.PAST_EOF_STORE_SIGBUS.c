/* MMAP.EOF.PAST_EOF_STORE_SIGBUS: no SIGBUS past EOF for writable MAP_SHARED mappings:
 * the file is silently extended to cover the whole mapping. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  bool file = mk_armed() && !(flags & MAP_ANONYMOUS) && mk_fd_regular(fd, &facts);
  off_t size = file ? facts.st.st_size : 0;
  /* Bytes of the mapping up to the end of the page holding EOF. */
  size_t backed = size > off ? mk_page_up((size_t)(size - off)) : 0;
  if (file && (prot & PROT_WRITE) && (flags & MAP_SHARED) && backed > 0 && backed < len) {
    mk_real_ftruncate(fd, off + (off_t)len);
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
