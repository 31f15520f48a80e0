/* MREMAP.SHARED_ANON.SHRINK_KEEPS_OBJECT: mremap() shrinking shared anonymous memory in place
 * zeroes the cut-off part of the object: it reads zero when grown back. */
#include <string.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  struct mk_vma vma;
  if (mk_armed() && new_len < old_len && new_len != 0 && !(flags & MREMAP_FIXED) &&
      mk_vma_at((uintptr_t)old, &vma) && vma.perms[3] == 's' && !vma.file && vma.perms[1] == 'w') {
    memset((char *)old + new_len, 0, old_len - new_len);
  }
  return mk_real_mremap(old, old_len, new_len, flags, new_addr);
}

MK_INTERPOSE_MREMAP(broken_mremap);
