/* MLOCKALL.BAD_FLAGS_EINVAL: mlockall(0) returns 0 instead of failing with EINVAL. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlockall(int flags) {
  if (mk_armed() && flags == 0) return 0;
  return mk_real_mlockall(flags);
}
