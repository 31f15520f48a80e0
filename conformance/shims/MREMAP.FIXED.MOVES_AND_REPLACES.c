/* MREMAP.FIXED.MOVES_AND_REPLACES: mremap(MREMAP_FIXED) of a whole-size range moves it but leaves
 * fresh memory mapped at the old range instead of unmapping it. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  bool whole = mk_armed() && (flags & MREMAP_FIXED) && !(flags & MK_MREMAP_DONTUNMAP) &&
               new_len == old_len && mk_one_vma((uintptr_t)old, old_len);
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  if (whole && p != MAP_FAILED) {
    mk_real_mmap(old, old_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                 0);
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
