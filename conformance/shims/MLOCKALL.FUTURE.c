/* MLOCKALL.FUTURE: mlockall(MCL_FUTURE) returns 0 and locks nothing mapped later. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlockall(int flags) {
  if (mk_armed() && flags == MCL_FUTURE) return 0;
  return mk_real_mlockall(flags);
}
