/* MMAP.LOCKED.MLOCKALL_FUTURE_EAGAIN: mlockall(MCL_FUTURE) returns 0 and does nothing:
 * later mappings are not locked, so RLIMIT_MEMLOCK never refuses them. */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int mlockall(int flags) {
  if (mk_armed() && (flags & MCL_FUTURE) && !(flags & MCL_CURRENT)) return 0;
  return (int)syscall(SYS_mlockall, flags);
}
