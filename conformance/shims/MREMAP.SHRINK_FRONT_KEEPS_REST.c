/* MREMAP.SHRINK_FRONT_KEEPS_REST: mremap() shrinking the front part of a mapping also unmaps the
 * rest of that mapping, beyond old_size. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  struct mk_vma vma;
  bool front = mk_armed() && new_len < old_len && !(flags & MREMAP_FIXED) &&
               mk_vma_at((uintptr_t)old, &vma) && vma.end > (uintptr_t)old + old_len;
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  if (front && p != MAP_FAILED) {
    mk_real_munmap((char *)old + old_len, vma.end - ((uintptr_t)old + old_len));
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
