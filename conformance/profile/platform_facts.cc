// PlatformFacts of this process (see platform_facts.h).
#include "conformance/profile/platform_facts.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdint>

namespace mk_conformance {

bool PlatformFacts::InEnvironment(const std::string &tag) const {
  return std::find(environment.begin(), environment.end(), tag) != environment.end();
}

PlatformFacts ThisPlatform() {
  PlatformFacts facts;
  struct utsname u;
  if (uname(&u) == 0) {
    facts.sysname = u.sysname;
    facts.release = u.release;
    facts.machine = u.machine;
  }
  if (facts.sysname == "Linux") facts.kernel = ParseKernelRelease(facts.release);
  facts.abi_bits = static_cast<int>(sizeof(void *) * CHAR_BIT);
  const uint16_t probe = 1;
  facts.big_endian = *reinterpret_cast<const unsigned char *>(&probe) == 0;
  facts.page_size = sysconf(_SC_PAGESIZE);
  return facts;
}

}  // namespace mk_conformance
