/* MREMAP.FILE.SHARED_GROW_MAPS_FILE: mremap() growing a MAP_SHARED file mapping backs the new pages
 * with a private copy: stores there never reach the file. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  if (mk_armed() && p != MAP_FAILED && new_len > old_len && mk_shared_file_vma((uintptr_t)p)) {
    mk_replace_with_copy((char *)p + old_len, new_len - old_len, PROT_READ | PROT_WRITE);
  }
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
