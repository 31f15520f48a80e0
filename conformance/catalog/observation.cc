// Observation and Expectation helpers: construction, comparison, wording.
#include "conformance/catalog/observation.h"

#include <cstdint>
#include <cstring>

#include "conformance/posix/fixtures.h"

namespace mk_conformance {

using mk_posix::ErrnoDescription;
using mk_posix::SiCodeName;
using mk_posix::SignalName;

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

// Longest detail passed back from a child; keeps the message inside one pipe
// buffer so the child never blocks writing it.
constexpr size_t kMaxDetail = 8192;

void PutInt(std::string *out, uint32_t v) {
  out->append(reinterpret_cast<const char *>(&v), 4);
}

bool GetInt(const std::string &in, size_t *pos, uint32_t *v) {
  if (in.size() - *pos < 4) return false;
  std::memcpy(v, in.data() + *pos, 4);
  *pos += 4;
  return true;
}

bool GetString(const std::string &in, size_t *pos, std::string *s) {
  uint32_t len;
  if (!GetInt(in, pos, &len) || in.size() - *pos < len) return false;
  s->assign(in, *pos, len);
  *pos += len;
  return true;
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

std::string SerializeObservation(const Observation &o) {
  std::string out;
  PutInt(&out, static_cast<uint32_t>(o.kind));
  PutInt(&out, static_cast<uint32_t>(o.err));
  PutInt(&out, static_cast<uint32_t>(o.sig));
  PutInt(&out, static_cast<uint32_t>(o.si_code));
  PutInt(&out, static_cast<uint32_t>(o.needs_kernel.major));
  PutInt(&out, static_cast<uint32_t>(o.needs_kernel.minor));
  PutInt(&out, static_cast<uint32_t>(o.variant.size()));
  out += o.variant;
  std::string detail = o.detail.substr(0, kMaxDetail);
  PutInt(&out, static_cast<uint32_t>(detail.size()));
  out += detail;
  return out;
}

bool ParseObservation(const std::string &bytes, Observation *o) {
  size_t pos = 0;
  uint32_t kind, err, sig, si_code, needs_major, needs_minor;
  if (!GetInt(bytes, &pos, &kind) || !GetInt(bytes, &pos, &err) || !GetInt(bytes, &pos, &sig) ||
      !GetInt(bytes, &pos, &si_code) || !GetInt(bytes, &pos, &needs_major) ||
      !GetInt(bytes, &pos, &needs_minor)) {
    return false;
  }
  if (kind > static_cast<uint32_t>(Observation::Kind::kTimedOut)) return false;
  o->kind = static_cast<Observation::Kind>(kind);
  o->err = static_cast<int>(err);
  o->sig = static_cast<int>(sig);
  o->si_code = static_cast<int>(si_code);
  o->needs_kernel = KernelVersion{static_cast<int>(needs_major), static_cast<int>(needs_minor)};
  return GetString(bytes, &pos, &o->variant) && GetString(bytes, &pos, &o->detail) &&
         pos == bytes.size();
}

}  // namespace mk_conformance
