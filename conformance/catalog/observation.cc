// Observation and Expectation helpers: construction, comparison, wording.
#include "conformance/catalog/observation.h"

#include "conformance/testing/fixtures.h"

namespace mk_conformance {

using mk_testing::ErrnoDescription;
using mk_testing::SiCodeName;
using mk_testing::SignalName;

namespace {

Observation Make(Observation::Kind kind, const std::string &detail) {
  Observation o;
  o.kind = kind;
  o.detail = detail;
  return o;
}

std::string SignalWithCode(int sig, int code) {
  if (code == kAnyCode) return SignalName(sig) + " (any si_code)";
  return SignalName(sig) + " (" + SiCodeName(sig, code) + ")";
}

}  // namespace

Observation Success(const std::string &detail) {
  return Make(Observation::Kind::kSuccess, detail);
}

Observation FailedWithErrno(int err, const std::string &detail) {
  Observation o = Make(Observation::Kind::kErrno, detail);
  o.err = err;
  return o;
}

Observation KilledBySignal(int sig, int si_code, const std::string &detail) {
  Observation o = Make(Observation::Kind::kSignal, detail);
  o.sig = sig;
  o.si_code = si_code;
  return o;
}

Observation Variant(const std::string &name, const std::string &detail) {
  Observation o = Make(Observation::Kind::kVariant, detail);
  o.variant = name;
  return o;
}

Observation Violated(const std::string &detail) {
  return Make(Observation::Kind::kViolated, detail);
}

Observation Skipped(const std::string &reason) {
  return Make(Observation::Kind::kSkip, reason);
}

Observation SkippedBeforeKernel(KernelVersion since, const std::string &reason) {
  Observation o = Make(Observation::Kind::kSkip, reason);
  o.needs_kernel = since;
  return o;
}

Observation SetupFailed(const std::string &what, int err) {
  Observation o = Make(Observation::Kind::kSetupFailed, what + ": " + ErrnoDescription(err));
  o.err = err;
  return o;
}

Observation Crashed(const std::string &detail) {
  return Make(Observation::Kind::kCrashed, detail);
}

Observation TimedOut(const std::string &detail) {
  return Make(Observation::Kind::kTimedOut, detail);
}

bool Matches(const Expectation &expected, const Observation &observed) {
  switch (expected.kind) {
    case Expectation::Kind::kSuccess:
      return observed.kind == Observation::Kind::kSuccess;
    case Expectation::Kind::kErrno:
      return observed.kind == Observation::Kind::kErrno && observed.err == expected.value;
    case Expectation::Kind::kSignal:
      return observed.kind == Observation::Kind::kSignal && observed.sig == expected.value &&
             (expected.code == kAnyCode || observed.si_code == expected.code);
    case Expectation::Kind::kVariant:
      return observed.kind == Observation::Kind::kVariant && expected.variant != nullptr &&
             observed.variant == expected.variant;
  }
  return false;
}

std::string Describe(const Expectation &expected) {
  switch (expected.kind) {
    case Expectation::Kind::kSuccess:
      return "success";
    case Expectation::Kind::kErrno:
      return "fails with " + ErrnoDescription(expected.value);
    case Expectation::Kind::kSignal:
      return SignalWithCode(expected.value, expected.code);
    case Expectation::Kind::kVariant:
      return std::string("variant: ") + (expected.variant ? expected.variant : "?");
  }
  return "?";
}

std::string Describe(const Observation &observed) {
  switch (observed.kind) {
    case Observation::Kind::kSuccess:
      return "success";
    case Observation::Kind::kErrno:
      return "fails with " + ErrnoDescription(observed.err);
    case Observation::Kind::kSignal:
      return "killed by " + SignalWithCode(observed.sig, observed.si_code);
    case Observation::Kind::kVariant:
      return "variant: " + observed.variant;
    case Observation::Kind::kViolated:
      return "violated";
    case Observation::Kind::kSkip:
      return "skipped";
    case Observation::Kind::kSetupFailed:
      return "setup failed";
    case Observation::Kind::kCrashed:
      return "check crashed";
    case Observation::Kind::kTimedOut:
      return "timed out";
  }
  return "?";
}

}  // namespace mk_conformance
