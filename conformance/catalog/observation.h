// conformance/catalog/observation.h - what a check saw (Observation) and what
// a platform is expected to do (Expectation), and how the two compare. Plain
// C++ with no googletest: the report and the googletests share it.
#ifndef MMAPKIT_CONFORMANCE_CATALOG_OBSERVATION_H_
#define MMAPKIT_CONFORMANCE_CATALOG_OBSERVATION_H_

#include <climits>
#include <string>

#include "conformance/catalog/kernel_version.h"

namespace mk_conformance {

// Matches a signal with any si_code (ExpectSignal(SIGBUS, kAnyCode)).
constexpr int kAnyCode = INT_MIN;

// The expected result of a check. Built with the constexpr helpers below so
// the catalog and the profiles can be static tables.
struct Expectation {
  enum class Kind {
    kSuccess,  // the calls succeeded and every stated property held
    kErrno,    // the call under test failed with errno `value`
    kSignal,   // the access was killed by signal `value` with si_code `code`
    kVariant,  // a named alternative behaviour (`variant`) was seen
  };
  Kind kind = Kind::kSuccess;
  int value = 0;
  int code = 0;
  const char *variant = nullptr;
};

constexpr Expectation ExpectSuccess() {
  return {Expectation::Kind::kSuccess, 0, 0, nullptr};
}
constexpr Expectation ExpectErrno(int err) {
  return {Expectation::Kind::kErrno, err, 0, nullptr};
}
constexpr Expectation ExpectSignal(int sig, int code) {
  return {Expectation::Kind::kSignal, sig, code, nullptr};
}
constexpr Expectation ExpectVariant(const char *name) {
  return {Expectation::Kind::kVariant, 0, 0, name};
}

// What a check observed. Checks build these with the helpers below.
struct Observation {
  enum class Kind {
    kSuccess,      // calls succeeded, every stated property held
    kErrno,        // the call under test failed with errno `err`
    kSignal,       // the access was killed by `sig` with `si_code`
    kVariant,      // a known alternative behaviour, named by `variant`
    kViolated,     // the stated property did not hold (detail says how)
    kSkip,         // could not be checked here (detail says why)
    kSetupFailed,  // preparing the check failed (detail says which call)
    kCrashed,      // the check itself died (runner only)
    kTimedOut,     // the check did not finish in time (runner only)
  };
  Kind kind = Kind::kSuccess;
  int err = 0;
  int sig = 0;
  int si_code = 0;
  std::string variant;
  std::string detail;  // expected vs observed in words, addresses, bytes
  // For a kSkip because the kernel lacks a feature: the first Linux version
  // that has it. A platform reporting that version or later gets FAIL instead
  // ("reports Linux 6.1, behaves like Linux < 4.17"): an emulator or sandbox
  // that claims a recent kernel must not hide a missing feature as a SKIP.
  KernelVersion needs_kernel;
};

Observation Success(const std::string &detail = "");
Observation FailedWithErrno(int err, const std::string &detail = "");
Observation KilledBySignal(int sig, int si_code, const std::string &detail = "");
Observation Variant(const std::string &name, const std::string &detail = "");
Observation Violated(const std::string &detail);
Observation Skipped(const std::string &reason);
// Skipped because the kernel does not have a feature that Linux has had since
// `since` (see Observation::needs_kernel).
Observation SkippedBeforeKernel(KernelVersion since, const std::string &reason);
Observation SetupFailed(const std::string &what, int err);
Observation Crashed(const std::string &detail);
Observation TimedOut(const std::string &detail);

// The wire format of an observation between a forked child and its parent
// (the runner's isolated rows, ObserveInChild).
std::string SerializeObservation(const Observation &o);
bool ParseObservation(const std::string &bytes, Observation *o);

// True when the observation is what the expectation describes (exact errno,
// exact signal and si_code unless kAnyCode).
bool Matches(const Expectation &expected, const Observation &observed);

// "success", "fails with EINVAL (Invalid argument)", "SIGBUS (BUS_ADRERR)",
// "variant: tail-exposed".
std::string Describe(const Expectation &expected);
// "success", "fails with EACCES (Permission denied)", "killed by SIGSEGV
// (SEGV_ACCERR)", "violated", "skipped", "setup failed", "check crashed",
// "timed out".
std::string Describe(const Observation &observed);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CATALOG_OBSERVATION_H_
