/* MREMAP.GROW_IN_PLACE: mremap() without MREMAP_MAYMOVE never grows private memory in place: it
 * fails with ENOMEM even when the pages after the mapping are free. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  struct mk_vma vma;
  if (mk_armed() && new_len > old_len && old_len != 0 && !(flags & MREMAP_MAYMOVE) &&
      mk_vma_at((uintptr_t)old, &vma) && vma.perms[3] == 'p') {
    errno = ENOMEM;
    return MAP_FAILED;
  }
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
