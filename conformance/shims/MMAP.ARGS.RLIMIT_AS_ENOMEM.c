/* MMAP.ARGS.RLIMIT_AS_ENOMEM: setrlimit(RLIMIT_AS) reports success but sets nothing, as
 * on a platform that does not limit the address space. */
#include <sys/resource.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int setrlimit(__rlimit_resource_t resource, const struct rlimit *rl) {
  if (mk_armed() && resource == RLIMIT_AS) return 0;
  return mk_real_setrlimit(resource, rl);
}
