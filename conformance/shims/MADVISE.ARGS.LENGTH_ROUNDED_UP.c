/* MADVISE.ARGS.LENGTH_ROUNDED_UP: madvise() rounds an unaligned length down, not up (to nothing
 * when it is shorter than a page). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && len % mk_page() != 0) {
    len = mk_page_down(len);
    if (len == 0) return 0;
  }
  return mk_real_madvise(addr, len, advice);
}
