/* MINCORE.UNALIGNED_EINVAL: mincore() rounds an unaligned address down instead of failing
 * with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mincore(void *addr, size_t len, unsigned char *vec) {
  if (mk_armed()) addr = (void *)mk_page_down((uintptr_t)addr);
  return mk_real_mincore(addr, len, vec);
}
