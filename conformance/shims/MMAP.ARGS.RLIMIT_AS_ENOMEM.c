/* MMAP.ARGS.RLIMIT_AS_ENOMEM: setrlimit(RLIMIT_AS) reports success but sets nothing, as
 * on a platform that does not limit the address space. */
#include <sys/resource.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int setrlimit(__rlimit_resource_t resource, const struct rlimit *rl) {
  if (mk_armed() && resource == RLIMIT_AS) return 0;
  return mk_real_setrlimit(resource, rl);
}

/* The name the checks call (they are built with 64-bit file offsets); struct rlimit64 is
 * struct rlimit on the 64-bit ABIs the shims are built for. */
MK_INTERPOSE int setrlimit64(__rlimit_resource_t resource, const struct rlimit64 *rl) {
  return setrlimit(resource, (const struct rlimit *)rl);
}
