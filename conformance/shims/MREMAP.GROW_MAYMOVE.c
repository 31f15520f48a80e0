/* MREMAP.GROW_MAYMOVE: mremap(MREMAP_MAYMOVE) growing private anonymous memory leaves garbage
 * (0xA5) in the new pages instead of zeros. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  struct mk_vma vma;
  if (mk_armed() && p != MAP_FAILED && new_len > old_len && (flags & MREMAP_MAYMOVE) &&
      !(flags & MREMAP_FIXED) && mk_vma_at((uintptr_t)p, &vma) && !vma.file &&
      vma.perms[3] == 'p' && vma.perms[0] == 'r' && vma.perms[1] == 'w') {
    mk_fill((char *)p + old_len, new_len - old_len, 0xA5, PROT_READ | PROT_WRITE);
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
