/* MINCORE.ANON_RESIDENT: mincore() reports every page resident, touched or not. */
#include <string.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mincore(void *addr, size_t len, unsigned char *vec) {
  int r = mk_real_mincore(addr, len, vec);
  if (r == 0 && len > 0 && mk_armed()) memset(vec, 1, (len + mk_page() - 1) / mk_page());
  return r;
}
