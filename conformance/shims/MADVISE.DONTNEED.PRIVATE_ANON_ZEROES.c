/* MADVISE.DONTNEED.PRIVATE_ANON_ZEROES: madvise(MADV_DONTNEED) of private anonymous memory succeeds
 * but discards nothing: the pages keep their data. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  struct mk_vma vma;
  if (mk_armed() && advice == MADV_DONTNEED && mk_vma_at((uintptr_t)addr, &vma) &&
      vma.perms[3] == 'p' && !vma.file) {
    return mk_madvise_keeping_bytes(addr, len, advice);
  }
  return mk_real_madvise(addr, len, advice);
}
