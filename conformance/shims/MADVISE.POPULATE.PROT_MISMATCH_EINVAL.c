/* MADVISE.POPULATE.PROT_MISMATCH_EINVAL: madvise(MADV_POPULATE_READ / _WRITE) of a range whose
 * protection forbids the access succeeds (the kernel's EINVAL is hidden). */
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
  int rc = mk_real_madvise(addr, len, advice);
  if (mk_armed() && rc != 0 && errno == EINVAL &&
      (advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE)) {
    return 0;
  }
  return rc;
}
