/* MADVISE.ARGS.UNKNOWN_ADVICE_EINVAL: madvise() accepts an unknown advice (above MADV_GUARD_REMOVE)
 * and does nothing. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && advice > 103 /* MADV_GUARD_REMOVE */) return 0;
  return mk_real_madvise(addr, len, advice);
}
