/* MMAP.EOF.TAIL_STORES_AFTER_GROW: growing a file leaves garbage (0xEE) in the part of
 * its old last page past the old EOF, instead of zeros (or the stores made
 * there, which Linux allows on tmpfs). */

#include <string.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int ftruncate(int fd, off_t len) {
  off_t old = mk_fd_size(fd);
  int rc = mk_real_ftruncate(fd, len);
  off_t page = (off_t)mk_page();
  if (mk_armed() && rc == 0 && old >= 0 && len > old && old % page != 0) {
    static char garbage[65536];
    off_t end = (old / page + 1) * page;
    size_t n = (size_t)((len < end ? len : end) - old);
    if (n > sizeof garbage) n = sizeof garbage;
    memset(garbage, 0xEE, n);
    mk_pwrite_all(fd, garbage, n, old);
  }
  return rc;
}
MK_ALIAS64(ftruncate);
