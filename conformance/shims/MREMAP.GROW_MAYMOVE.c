/* MREMAP.GROW_MAYMOVE: mremap() growing a mapping leaves garbage (0xA5) in the
 * new pages instead of zeros. */
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
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  struct mk_vma vma;
  if (mk_armed() && p != MAP_FAILED && new_len > old_len && mk_vma_at((uintptr_t)p, &vma) &&
      vma.perms[0] == 'r' && vma.perms[1] == 'w') {
    mk_fill((char *)p + old_len, new_len - old_len, 0xA5, PROT_READ | PROT_WRITE);
  }
  return p;
}
