/* MREMAP.DONTUNMAP.FIXED_REPLACES_ONLY_LEN: mremap(MREMAP_DONTUNMAP|MREMAP_FIXED) replaces one page
 * too many at the destination: the page after new_size reads zero. */
#include <string.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  struct mk_vma vma;
  uintptr_t after = (uintptr_t)p + new_len;
  if (mk_armed() && p != MAP_FAILED && (flags & MK_MREMAP_DONTUNMAP) && (flags & MREMAP_FIXED) &&
      mk_vma_at(after, &vma) && vma.perms[1] == 'w') {
    memset((void *)after, 0, mk_page());
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
