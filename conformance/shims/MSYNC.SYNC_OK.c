/* MSYNC.SYNC_OK: msync(MS_SYNC) of a MAP_SHARED file mapping fails with EIO. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  if (mk_armed() && (flags & MS_SYNC) && mk_shared_file_vma((uintptr_t)addr)) {
    errno = EIO;
    return -1;
  }
  return mk_real_msync(addr, len, flags);
}
