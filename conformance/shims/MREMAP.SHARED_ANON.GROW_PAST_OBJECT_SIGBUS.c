/* MREMAP.SHARED_ANON.GROW_PAST_OBJECT_SIGBUS: mremap(MREMAP_MAYMOVE) growing shared anonymous
 * memory backs the new pages with private zero pages: no SIGBUS past the object's end. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  struct mk_vma vma;
  if (mk_armed() && p != MAP_FAILED && old_len != 0 && new_len > old_len &&
      (flags & MREMAP_MAYMOVE) && mk_vma_at((uintptr_t)p, &vma) && vma.perms[3] == 's' &&
      !vma.file) {
    mk_real_mmap((char *)p + old_len, new_len - old_len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
