/* MUNLOCK.UNLOCKS: munlock() of a mapped range returns 0 and leaves it
 * locked. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int munlock(const void *addr, size_t len) {
  if (mk_armed() && mk_mapped_bytes(mk_page_down((uintptr_t)addr), len) >= len) return 0;
  return mk_real_munlock(addr, len);
}
