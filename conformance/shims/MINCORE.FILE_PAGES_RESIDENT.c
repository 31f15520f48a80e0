/* MINCORE.FILE_PAGES_RESIDENT: mincore() of a MAP_SHARED file mapping reports no page
 * resident, as a platform that looks only at this process's page tables would when it has
 * not touched them. */
#include <string.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mincore(void *addr, size_t len, unsigned char *vec) {
  int r = mk_real_mincore(addr, len, vec);
  if (r == 0 && len > 0 && mk_armed() && mk_shared_file_vma((uintptr_t)addr)) {
    memset(vec, 0, (len + mk_page() - 1) / mk_page());
  }
  return r;
}
