/* MUNMAP.ARGS.UNMAPPED_OK: munmap() of a range where nothing is mapped fails with
 * EINVAL instead of succeeding. */

#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int munmap(void *addr, size_t len) {
  if (mk_armed() && len > 0 && (uintptr_t)addr % mk_page() == 0 &&
      mk_mapped_bytes((uintptr_t)addr, len) == 0) {
    errno = EINVAL;
    return -1;
  }
  return mk_real_munmap(addr, len);
}
