/* MLOCK.UNALIGNED_OK: mlock() at an address that is not page-aligned fails with EINVAL
 * (POSIX allows it; Linux rounds the address down). */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlock(const void *addr, size_t len) {
  if (mk_armed() && mk_page_down((uintptr_t)addr) != (uintptr_t)addr) {
    errno = EINVAL;
    return -1;
  }
  return mk_real_mlock(addr, len);
}
