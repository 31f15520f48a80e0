/* MINCORE.LENGTH_ROUNDED_UP: mincore() rounds the length down to whole pages, so the
 * partial last page gets no vector entry. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mincore(void *addr, size_t len, unsigned char *vec) {
  if (mk_armed() && len > mk_page()) len = mk_page_down(len);
  return mk_real_mincore(addr, len, vec);
}
