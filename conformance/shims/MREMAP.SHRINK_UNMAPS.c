/* MREMAP.SHRINK_UNMAPS: mremap() to a smaller size returns the old address and
 * unmaps nothing: the cut-off pages stay mapped. */
#include <stdarg.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...) {
  void *new_addr = NULL;
  if (flags & MREMAP_FIXED) {
    va_list ap;
    va_start(ap, flags);
    new_addr = va_arg(ap, void *);
    va_end(ap);
  }
  if (mk_armed() && new_len < old_len && !(flags & MREMAP_FIXED)) return old;
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}
