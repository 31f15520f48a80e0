// conformance/profile/profile.h - platform profiles and the verdict: what a
// platform is expected to do per catalog ID, and whether an observation is a
// PASS, FAIL, ALLOWED (a documented divergence or permitted alternative),
// SKIP or BROKEN (the check itself could not run: not the platform's fault).
#ifndef MMAPKIT_CONFORMANCE_PROFILE_PROFILE_H_
#define MMAPKIT_CONFORMANCE_PROFILE_PROFILE_H_

#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/catalog/observation.h"
#include "conformance/profile/platform_facts.h"

namespace mk_conformance {

// kBroken: the check could not run to a verdict (its setup failed, it crashed
// or it timed out), like LTP's TBROK: the platform is not judged.
enum class Result { kPass, kFail, kAllowed, kSkip, kBroken };
const char *ResultName(Result result);  // "PASS", "FAIL", "ALLOWED", "SKIP", "BROKEN"

// When a profile rule holds, beyond its pattern. Every field left at its
// default matches any platform. Build with the chainable helpers:
//   OnArch("s390x"), OnAbi(32).WithPageSize(65536), KernelBelow(4, 15)
struct RuleCondition {
  const char *arch = nullptr;         // fnmatch glob on uname -m ("arm*", "i?86")
  int abi_bits = 0;                   // 32 or 64: the report binary's pointer width
  long page_size = 0;                 // exact page size in bytes
  const char *environment = nullptr;  // a PlatformFacts::environment tag ("valgrind")
  // The rule describes kernels older than this. A kAllow rule whose
  // alternative is observed on a platform that reports this version or later
  // gives FAIL "reports Linux X.Y, behaves like Linux < A.B": the version the
  // platform claims and what it does contradict each other.
  KernelVersion kernel_below;

  constexpr RuleCondition Arch(const char *glob) const {
    RuleCondition c = *this;
    c.arch = glob;
    return c;
  }
  constexpr RuleCondition Abi(int bits) const {
    RuleCondition c = *this;
    c.abi_bits = bits;
    return c;
  }
  constexpr RuleCondition WithPageSize(long bytes) const {
    RuleCondition c = *this;
    c.page_size = bytes;
    return c;
  }
  constexpr RuleCondition Environment(const char *tag) const {
    RuleCondition c = *this;
    c.environment = tag;
    return c;
  }
  constexpr RuleCondition Below(KernelVersion v) const {
    RuleCondition c = *this;
    c.kernel_below = v;
    return c;
  }
};

constexpr RuleCondition OnArch(const char *glob) {
  return RuleCondition().Arch(glob);
}
constexpr RuleCondition OnAbi(int bits) {
  return RuleCondition().Abi(bits);
}
constexpr RuleCondition WithPageSize(long bytes) {
  return RuleCondition().WithPageSize(bytes);
}
constexpr RuleCondition InEnvironment(const char *tag) {
  return RuleCondition().Environment(tag);
}
constexpr RuleCondition KernelBelow(int major, int minor) {
  return RuleCondition().Below(Linux(major, minor));
}

// True when every field of when except kernel_below holds on facts.
bool PlatformMatches(const RuleCondition &when, const PlatformFacts &facts);

// One line of a profile. pattern is a glob (fnmatch) on the ID or on the key
// "ID@fs", so a rule can name one file system.
struct ProfileRule {
  enum class Kind {
    kExpect,       // this platform is expected to do `value` instead of Linux's behaviour
    kAllow,        // `value` is a permitted alternative: observed -> ALLOWED
    kUnspecified,  // the platform does not specify it: any behaviour -> ALLOWED
  };
  Kind kind;
  const char *pattern;
  Expectation value;        // unused for kUnspecified
  const char *note;         // why; shown in the detail of the row
  RuleCondition when = {};  // default: any platform
};

struct Profile {
  const char *name;  // "linux", "posix", "freebsd", "macos"
  const char *description;
  // Entries of level linux / impl are unspecified on this platform (any
  // behaviour ALLOWED) unless a kExpect rule names them.
  bool linux_unspecified;
  bool impl_unspecified;
  std::vector<ProfileRule> rules;
};

const std::vector<Profile> &Profiles();
const Profile *FindProfile(const std::string &name);
// The profile for a uname sysname: Linux -> linux, FreeBSD -> freebsd,
// Darwin -> macos, anything else -> posix.
std::string DefaultProfileName(const std::string &sysname);
// DefaultProfileName of this machine's uname.
std::string DetectedProfileName();

struct Verdict {
  Result result = Result::kFail;
  std::string expected;  // "fails with EINVAL (Invalid argument)", "unspecified by posix ..."
  std::string observed;  // Describe(observation)
  std::string detail;    // the observation's detail, with the profile's note if any
  // A FAIL (or BROKEN) whose call was refused while a seccomp filter is
  // active: the detail says so, the summary counts these apart.
  bool refused_by_sandbox = false;
};

// Decide a row's result under profile on the platform described by facts.
Verdict Evaluate(const Row &row, const Observation &observed, const Profile &profile,
                 const PlatformFacts &facts);
// The same on this process's platform (ThisPlatform(): no environment tags).
Verdict Evaluate(const Row &row, const Observation &observed, const Profile &profile);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_PROFILE_PROFILE_H_
