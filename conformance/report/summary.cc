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
        break;
      case Result::kAllowed:
        s.allowed++;
        break;
      case Result::kSkip:
        s.skipped++;
        break;
    }
  }
  return s;
}

std::string SummaryLine(const Summary &s) {
  return std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed, " +
         std::to_string(s.allowed) + " allowed, " + std::to_string(s.skipped) + " skipped";
}

}  // namespace mk_conformance
