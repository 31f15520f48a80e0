// conformance/profile/platform_facts.h - what a profile rule may depend on:
// the platform as it reports itself (uname), the ABI of the report binary,
// the page size, and the execution environment (an emulator, a sandbox).
#ifndef MMAPKIT_CONFORMANCE_PROFILE_PLATFORM_FACTS_H_
#define MMAPKIT_CONFORMANCE_PROFILE_PLATFORM_FACTS_H_

#include <string>
#include <vector>

#include "conformance/catalog/kernel_version.h"

namespace mk_conformance {

struct PlatformFacts {
  std::string sysname;   // uname -s: "Linux"
  std::string release;   // uname -r: "6.1.0-18-amd64"
  std::string machine;   // uname -m: "x86_64", "aarch64", "armv7l", "s390x", ...
  KernelVersion kernel;  // parsed from release when sysname is Linux; else unknown
  int abi_bits = 0;      // pointer width of the running binary: 32 or 64
  bool big_endian = false;
  long page_size = 0;
  // Tags of what the process runs inside ("valgrind", "qemu-user", "seccomp",
  // ...), filled by whoever detects them (the report); empty = native.
  std::vector<std::string> environment;

  bool InEnvironment(const std::string &tag) const;
};

// uname, the binary's ABI and the page size of this process. The environment
// is left empty: detecting it is the report's job.
PlatformFacts ThisPlatform();

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_PROFILE_PLATFORM_FACTS_H_
