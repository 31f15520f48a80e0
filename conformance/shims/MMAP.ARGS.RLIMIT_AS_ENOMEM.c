/* MMAP.ARGS.RLIMIT_AS_ENOMEM: setrlimit(RLIMIT_AS) reports success but sets nothing, as
 * on a platform that does not limit the address space. Sanitizer runtimes set other
 * limits before they are initialised: those calls touch nothing of the shim's (no
 * mk_armed(), no dlsym) and go to prlimit(). */
#include <sys/resource.h>

#include "conformance/shims/shim.h"

static int set_limit(__rlimit_resource_t resource, const struct rlimit *rl) {
  if (resource == RLIMIT_AS && mk_armed()) return 0;
  return prlimit(0, resource, rl, NULL);
}

MK_INTERPOSE int setrlimit(__rlimit_resource_t resource, const struct rlimit *rl) {
  return set_limit(resource, rl);
}

/* The name the checks call (they are built with 64-bit file offsets); struct rlimit64 is
 * struct rlimit on the 64-bit ABIs the shims are built for. */
MK_INTERPOSE int setrlimit64(__rlimit_resource_t resource, const struct rlimit64 *rl) {
  return set_limit(resource, (const struct rlimit *)rl);
}
