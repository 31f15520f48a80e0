/* MADVISE.FREE.FILE_EINVAL: madvise(MADV_FREE) of a file mapping succeeds and does nothing. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  struct mk_vma vma;
  if (mk_armed() && advice == MADV_FREE && mk_vma_at((uintptr_t)addr, &vma) && vma.file) return 0;
  return mk_real_madvise(addr, len, advice);
}
