// Evaluate(): from an observation and a profile to PASS/FAIL/ALLOWED/SKIP/BROKEN.
#include <fnmatch.h>

#include <cerrno>

#include "conformance/profile/profile.h"

namespace mk_conformance {

namespace {

bool PatternMatches(const ProfileRule &rule, const Row &row) {
  return fnmatch(rule.pattern, row.entry->id, 0) == 0 ||
         fnmatch(rule.pattern, row.Key().c_str(), 0) == 0;
}

// A platform that does not report a parsable version cannot contradict a
// version bound, so the bound is taken to hold there.
bool KernelOlderThan(KernelVersion bound, const PlatformFacts &facts) {
  return !bound.known() || !facts.kernel.known() || facts.kernel < bound;
}

// The rule names this row on this platform, its kernel bound aside.
bool RuleNames(const ProfileRule &rule, const Row &row, const PlatformFacts &facts) {
  return PatternMatches(rule, row) && PlatformMatches(rule.when, facts);
}

bool RuleApplies(const ProfileRule &rule, const Row &row, const PlatformFacts &facts) {
  return RuleNames(rule, row, facts) && KernelOlderThan(rule.when.kernel_below, facts);
}

std::string WithNote(const std::string &note, const std::string &detail) {
  std::string text = note;
  if (!detail.empty()) text += "; " + detail;
  return text;
}

// "reports Linux 6.18, behaves like Linux < 4.15"
std::string Contradiction(const PlatformFacts &facts, KernelVersion behaves_below) {
  return "reports Linux " + ToString(facts.kernel) + ", behaves like Linux < " +
         ToString(behaves_below);
}

// What a seccomp filter makes a call return instead of doing it: ENOSYS
// wherever it appears, EPERM or EACCES where the call should have succeeded
// (a setup step, or a call the catalog expects to succeed).
bool LooksRefusedBySandbox(const Row &row, const Observation &o) {
  if (o.err == ENOSYS) return true;
  if (o.err != EPERM && o.err != EACCES) return false;
  return o.kind == Observation::Kind::kSetupFailed ||
         (o.kind == Observation::Kind::kErrno &&
          row.entry->expected.kind == Expectation::Kind::kSuccess);
}

Verdict Judge(const Row &row, const Observation &observed, const Profile &profile,
              const PlatformFacts &facts);

}  // namespace

bool PlatformMatches(const RuleCondition &when, const PlatformFacts &facts) {
  if (when.arch != nullptr && fnmatch(when.arch, facts.machine.c_str(), 0) != 0) return false;
  if (when.abi_bits != 0 && when.abi_bits != facts.abi_bits) return false;
  if (when.page_size != 0 && when.page_size != facts.page_size) return false;
  if (when.environment != nullptr && !facts.InEnvironment(when.environment)) return false;
  return true;
}

const char *ResultName(Result result) {
  switch (result) {
    case Result::kPass:
      return "PASS";
    case Result::kFail:
      return "FAIL";
    case Result::kAllowed:
      return "ALLOWED";
    case Result::kSkip:
      return "SKIP";
    case Result::kBroken:
      return "BROKEN";
  }
  return "?";
}

Verdict Evaluate(const Row &row, const Observation &observed, const Profile &profile) {
  static const PlatformFacts facts = ThisPlatform();
  return Evaluate(row, observed, profile, facts);
}

Verdict Evaluate(const Row &row, const Observation &observed, const Profile &profile,
                 const PlatformFacts &facts) {
  Verdict v = Judge(row, observed, profile, facts);
  // The verdict stands (the platform does not provide the semantic), but the
  // porter is told who refused the call.
  if ((v.result == Result::kFail || v.result == Result::kBroken) &&
      facts.InEnvironment("seccomp") && LooksRefusedBySandbox(row, observed)) {
    v.refused_by_sandbox = true;
    v.detail = WithNote("refused by the sandbox (seccomp filter active)", v.detail);
  }
  return v;
}

namespace {

// The verdict of the profile on this platform (see Evaluate).
Verdict Judge(const Row &row, const Observation &observed, const Profile &profile,
              const PlatformFacts &facts) {
  const CatalogEntry &entry = *row.entry;
  Expectation expected = entry.expected;
  const ProfileRule *expect_rule = nullptr;
  const ProfileRule *unspecified_rule = nullptr;
  for (const ProfileRule &rule : profile.rules) {
    if (!RuleApplies(rule, row, facts)) continue;
    if (rule.kind == ProfileRule::Kind::kExpect && expect_rule == nullptr) expect_rule = &rule;
    if (rule.kind == ProfileRule::Kind::kUnspecified && unspecified_rule == nullptr) {
      unspecified_rule = &rule;
    }
  }
  if (expect_rule != nullptr) expected = expect_rule->value;
  const bool level_unspecified = (entry.level == Level::kLinux && profile.linux_unspecified) ||
                                 (entry.level == Level::kImpl && profile.impl_unspecified);
  const bool unspecified =
      unspecified_rule != nullptr || (expect_rule == nullptr && level_unspecified);

  Verdict v;
  v.observed = Describe(observed);
  v.detail = observed.detail;
  if (unspecified) {
    v.expected = std::string("unspecified by ") + profile.name +
                 " (Linux: " + Describe(entry.expected) + ")";
  } else {
    v.expected = Describe(expected);
    if (expect_rule != nullptr) v.detail = WithNote(expect_rule->note, v.detail);
  }

  switch (observed.kind) {
    case Observation::Kind::kSkip:
      if (!KernelOlderThan(observed.needs_kernel, facts)) {
        v.result = Result::kFail;
        v.detail = WithNote(Contradiction(facts, observed.needs_kernel), observed.detail);
        return v;
      }
      v.result = Result::kSkip;
      return v;
    case Observation::Kind::kSetupFailed:
    case Observation::Kind::kCrashed:
    case Observation::Kind::kTimedOut:
      v.result = Result::kBroken;  // whatever the profile says: nothing was judged
      return v;
    default:
      break;
  }
  if (!unspecified && Matches(expected, observed)) {
    v.result = Result::kPass;
    return v;
  }
  // An alternative allowed only on older kernels, seen on a platform that
  // reports a newer one: the platform contradicts its own version.
  const ProfileRule *contradicted = nullptr;
  for (const ProfileRule &rule : profile.rules) {
    if (rule.kind != ProfileRule::Kind::kAllow || !RuleNames(rule, row, facts) ||
        !Matches(rule.value, observed)) {
      continue;
    }
    if (KernelOlderThan(rule.when.kernel_below, facts)) {
      v.result = Result::kAllowed;
      v.detail = WithNote(rule.note, observed.detail);
      return v;
    }
    if (contradicted == nullptr) contradicted = &rule;
  }
  if (contradicted != nullptr && !unspecified) {
    v.result = Result::kFail;
    v.detail = WithNote(
        Contradiction(facts, contradicted->when.kernel_below) + " (" + contradicted->note + ")",
        observed.detail);
    return v;
  }
  if (unspecified) {
    v.result = Result::kAllowed;
    const char *note = unspecified_rule != nullptr ? unspecified_rule->note
                       : entry.level == Level::kLinux
                           ? "Linux-specific: this profile does not specify it"
                           : "implementation-defined: this profile does not specify it";
    v.detail = WithNote(note, observed.detail);
    return v;
  }
  v.result = Result::kFail;
  return v;
}

}  // namespace

}  // namespace mk_conformance
