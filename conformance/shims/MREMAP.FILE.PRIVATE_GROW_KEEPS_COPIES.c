/* MREMAP.FILE.PRIVATE_GROW_KEEPS_COPIES: mremap() growing a MAP_PRIVATE file mapping drops its
 * private copies: the moved pages show the file again. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  struct mk_vma vma;
  if (mk_armed() && p != MAP_FAILED && new_len > old_len && mk_vma_at((uintptr_t)p, &vma) &&
      vma.perms[3] == 'p' && vma.file) {
    madvise(p, old_len, MADV_DONTNEED);
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
