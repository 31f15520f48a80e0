/* MREMAP.MOVE.LARGE_ALIGNED: mremap() moves of 1 MiB or more corrupt one byte in the middle of the
 * destination. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  struct mk_vma vma;
  if (mk_armed() && p != MAP_FAILED && new_len >= (1u << 20) && p != old &&
      mk_vma_at((uintptr_t)p + new_len / 2, &vma) && vma.perms[1] == 'w') {
    ((char *)p)[new_len / 2] ^= 0x5a;
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
