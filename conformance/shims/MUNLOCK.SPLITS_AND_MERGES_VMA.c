/* MUNLOCK.SPLITS_AND_MERGES_VMA: after munlock() of several pages the range does not merge
 * back into one mapping (the shim leaves its first page with a flag of its own,
 * MADV_DONTFORK, as a platform that never merges would leave it split). */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int munlock(const void *addr, size_t len) {
  int r = mk_real_munlock(addr, len);
  if (r == 0 && mk_armed() && len > mk_page()) {
    madvise((void *)mk_page_down((uintptr_t)addr), mk_page(), MADV_DONTFORK);
  }
  return r;
}
