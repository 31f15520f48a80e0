/* MMAP.EOF.TAIL_ZERO: the part of the last page past EOF is not zero-filled: a
 * read-only MAP_SHARED mapping shows 0xEE there (the shim writes it into the
 * page cache past EOF, where it never reaches the file). */
#include <fcntl.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  struct mk_fd facts;
  if (mk_armed() && p != MAP_FAILED && prot == PROT_READ && (flags & MAP_SHARED) &&
      !(flags & MAP_ANONYMOUS) && mk_fd_regular(fd, &facts) &&
      (facts.flags & O_ACCMODE) == O_RDWR) {
    off_t size = facts.st.st_size;
    if (off <= size && size < off + (off_t)len && size % (off_t)mk_page() != 0) {
      size_t tail = (size_t)(size - off);
      mk_fill((char *)p + tail, mk_page_up(tail) - tail, 0xEE, prot);
    }
  }
  return p;
}
MK_ALIAS64(mmap);
