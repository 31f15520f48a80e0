/* MREMAP.COPY.PRIVATE_EINVAL: mremap(old_size = 0, MREMAP_MAYMOVE) of a MAP_PRIVATE mapping
 * succeeds with a fresh private mapping, as Linux < 4.14 did, instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  struct mk_vma vma;
  if (mk_armed() && old_len == 0 && (flags & MREMAP_MAYMOVE) && mk_vma_at((uintptr_t)old, &vma) &&
      vma.perms[3] == 'p') {
    return mk_real_mmap(NULL, new_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  }
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
