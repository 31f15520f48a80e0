/* MLOCK.RLIMIT_EXCEEDED_ENOMEM: mlock() of a fully mapped, readable range beyond RLIMIT_MEMLOCK
 * fails with EAGAIN (as MAP_LOCKED does) instead of ENOMEM. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlock(const void *addr, size_t len) {
  int r = mk_real_mlock(addr, len);
  struct mk_vma vma;
  if (r != 0 && errno == ENOMEM && mk_armed() && mk_mapped_bytes((uintptr_t)addr, len) >= len &&
      mk_vma_at((uintptr_t)addr, &vma) && vma.perms[0] == 'r') {
    errno = EAGAIN;
  }
  return r;
}
