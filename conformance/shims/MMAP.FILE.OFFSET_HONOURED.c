/* MMAP.FILE.OFFSET_HONOURED: mmap() ignores a non-zero, page-aligned file offset and
 * maps the start of the file. mmapkit's windowed copy and the mapping that
 * starts past EOF notice it too. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  off_t page = (off_t)mk_page();
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && off > 0 && off % page == 0 &&
      off <= INT64_MAX - (off_t)len) {
    off = 0;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
