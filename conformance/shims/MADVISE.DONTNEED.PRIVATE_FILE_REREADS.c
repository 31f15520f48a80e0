/* MADVISE.DONTNEED.PRIVATE_FILE_REREADS: madvise(MADV_DONTNEED) of a MAP_PRIVATE file mapping
 * succeeds and does nothing: the private stores stay. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  struct mk_vma vma;
  if (mk_armed() && advice == MADV_DONTNEED && mk_vma_at((uintptr_t)addr, &vma) &&
      vma.perms[3] == 'p' && vma.file) {
    return 0;
  }
  return mk_real_madvise(addr, len, advice);
}
