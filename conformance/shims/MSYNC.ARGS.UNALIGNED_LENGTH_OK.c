/* MSYNC.ARGS.UNALIGNED_LENGTH_OK: msync() rounds the length down to whole pages
 * instead of up: a partial last page is not synced (nor checked). */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  if (mk_armed()) {
    len = mk_page_down(len);
    if (len == 0) return 0;
  }
  return mk_real_msync(addr, len, flags);
}
