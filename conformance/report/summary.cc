// Counting results: the summary line every rendering shares.
#include "conformance/report/output.h"

namespace mk_conformance {

Summary Summarize(const std::vector<RowReport> &rows) {
  Summary s;
  for (const RowReport &r : rows) {
    switch (r.verdict.result) {
      case Result::kPass:
        s.passed++;
        break;
      case Result::kFail:
        s.failed++;
        if (r.verdict.refused_by_sandbox) s.refused_by_sandbox++;
        break;
      case Result::kAllowed:
        s.allowed++;
        break;
      case Result::kSkip:
        s.skipped++;
        break;
      case Result::kBroken:
        s.broken++;
        break;
    }
  }
  return s;
}

std::string SummaryLine(const Summary &s) {
  std::string line =
      std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed, ";
  if (s.refused_by_sandbox > 0) {
    line += "of which " + std::to_string(s.refused_by_sandbox) + " refused by the sandbox, ";
  }
  return line + std::to_string(s.allowed) + " allowed, " + std::to_string(s.skipped) +
         " skipped, " + std::to_string(s.broken) + " broken";
}

}  // namespace mk_conformance
