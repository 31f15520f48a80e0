/* MREMAP.DONTUNMAP.SHARED_SOURCE_KEEPS: mremap(MREMAP_DONTUNMAP) of shared memory leaves empty
 * private memory at the source instead of the shared pages. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  struct mk_vma vma;
  bool shared = mk_vma_at((uintptr_t)old, &vma) && vma.perms[3] == 's';
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  if (mk_armed() && p != MAP_FAILED && (flags & MK_MREMAP_DONTUNMAP) && shared) {
    mk_real_mmap(old, old_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                 0);
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
