/* MADVISE.ARGS.HOLE_ENOMEM: madvise(MADV_NORMAL) of a range with unmapped pages succeeds. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  int rc = mk_real_madvise(addr, len, advice);
  if (mk_armed() && rc != 0 && errno == ENOMEM && advice == MADV_NORMAL) return 0;
  return rc;
}
