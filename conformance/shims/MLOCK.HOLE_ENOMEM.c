/* MLOCK.HOLE_ENOMEM: mlock() of a range with unmapped pages returns 0 (locking nothing)
 * instead of failing with ENOMEM. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlock(const void *addr, size_t len) {
  if (mk_armed() && mk_mapped_bytes(mk_page_down((uintptr_t)addr), len) < len) return 0;
  return mk_real_mlock(addr, len);
}
