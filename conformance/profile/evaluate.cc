// Evaluate(): from an observation and a profile to PASS/FAIL/ALLOWED/SKIP.
#include <fnmatch.h>

#include "conformance/profile/profile.h"

namespace mk_conformance {

namespace {

bool RuleApplies(const ProfileRule &rule, const Row &row) {
  return fnmatch(rule.pattern, row.entry->id, 0) == 0 ||
         fnmatch(rule.pattern, row.Key().c_str(), 0) == 0;
}

std::string WithNote(const char *note, const std::string &detail) {
  std::string text = note;
  if (!detail.empty()) text += "; " + detail;
  return text;
}

}  // namespace

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
  }
  return "?";
}

Verdict Evaluate(const Row &row, const Observation &observed, const Profile &profile) {
  const CatalogEntry &entry = *row.entry;
  Expectation expected = entry.expected;
  const ProfileRule *expect_rule = nullptr;
  const ProfileRule *unspecified_rule = nullptr;
  for (const ProfileRule &rule : profile.rules) {
    if (!RuleApplies(rule, row)) continue;
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
      v.result = Result::kSkip;
      return v;
    case Observation::Kind::kSetupFailed:
    case Observation::Kind::kCrashed:
    case Observation::Kind::kTimedOut:
      v.result = Result::kFail;
      return v;
    default:
      break;
  }
  if (!unspecified && Matches(expected, observed)) {
    v.result = Result::kPass;
    return v;
  }
  for (const ProfileRule &rule : profile.rules) {
    if (rule.kind == ProfileRule::Kind::kAllow && RuleApplies(rule, row) &&
        Matches(rule.value, observed)) {
      v.result = Result::kAllowed;
      v.detail = WithNote(rule.note, observed.detail);
      return v;
    }
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

}  // namespace mk_conformance
