// conformance/profile/profile.h - platform profiles and the verdict: what a
// platform is expected to do per catalog ID, and whether an observation is a
// PASS, FAIL, ALLOWED (a documented divergence or permitted alternative) or
// SKIP.
#ifndef MMAPKIT_CONFORMANCE_PROFILE_PROFILE_H_
#define MMAPKIT_CONFORMANCE_PROFILE_PROFILE_H_

#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/catalog/observation.h"

namespace mk_conformance {

enum class Result { kPass, kFail, kAllowed, kSkip };
const char *ResultName(Result result);  // "PASS", "FAIL", "ALLOWED", "SKIP"

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
  Expectation value;  // unused for kUnspecified
  const char *note;   // why; shown in the detail of the row
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
};

// Decide a row's result under profile.
Verdict Evaluate(const Row &row, const Observation &observed, const Profile &profile);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_PROFILE_PROFILE_H_
