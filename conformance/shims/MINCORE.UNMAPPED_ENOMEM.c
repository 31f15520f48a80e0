/* MINCORE.UNMAPPED_ENOMEM: mincore() of a range with unmapped pages reports them not
 * resident and returns 0 instead of failing with ENOMEM. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mincore(void *addr, size_t len, unsigned char *vec) {
  int r = mk_real_mincore(addr, len, vec);
  if (r != 0 && errno == ENOMEM && mk_armed() && len < ((size_t)1 << 30) &&
      mk_mapped_bytes((uintptr_t)addr, len) > 0) {
    memset(vec, 0, (len + mk_page() - 1) / mk_page());
    return 0;
  }
  return r;
}
