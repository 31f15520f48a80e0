/* MADVISE.KEEPONFORK.UNDOES_WIPE: madvise(MADV_KEEPONFORK) succeeds and does nothing: a range
 * advised MADV_WIPEONFORK stays wiped in children. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && advice == MADV_KEEPONFORK) return 0;
  return mk_real_madvise(addr, len, advice);
}
