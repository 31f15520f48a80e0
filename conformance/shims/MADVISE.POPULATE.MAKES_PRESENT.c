/* MADVISE.POPULATE.MAKES_PRESENT: madvise(MADV_POPULATE_READ / _WRITE) of a mapped, readable and
 * writable range succeeds without populating anything. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  struct mk_vma vma;
  if (mk_armed() && (advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE) &&
      mk_vma_at((uintptr_t)addr, &vma) && vma.perms[0] == 'r' && vma.perms[1] == 'w' &&
      mk_mapped_bytes((uintptr_t)addr, len) >= mk_page_up(len)) {
    return 0;
  }
  return mk_real_madvise(addr, len, advice);
}
