/* MMAP.EOF.TRUNCATE_ZEROES_TAIL: shrinking a file to the middle of a page keeps the rest
 * of that page: the size is rounded up to the page end, so the cut-off bytes
 * stay visible (and come back when the file grows again). */

#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int ftruncate(int fd, off_t len) {
  off_t old = mk_fd_size(fd);
  off_t page = (off_t)mk_page();
  if (mk_armed() && len >= 0 && len < old && len % page != 0) {
    off_t end = (len / page + 1) * page;
    len = end < old ? end : old;
  }
  return mk_real_ftruncate(fd, len);
}
MK_ALIAS64(ftruncate);
