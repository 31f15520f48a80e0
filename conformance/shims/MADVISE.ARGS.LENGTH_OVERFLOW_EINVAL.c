/* MADVISE.ARGS.LENGTH_OVERFLOW_EINVAL: madvise() with a length that wraps around when rounded up
 * to the page succeeds and does nothing. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && len > SIZE_MAX - mk_page()) return 0;
  return mk_real_madvise(addr, len, advice);
}
