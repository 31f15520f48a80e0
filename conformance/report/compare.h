// conformance/report/compare.h - two JSON reports side by side (--compare):
// the rows whose result or observation differs, and the rows only one ran.
#ifndef MMAPKIT_CONFORMANCE_REPORT_COMPARE_H_
#define MMAPKIT_CONFORMANCE_REPORT_COMPARE_H_

#include <string>

namespace mk_conformance {

struct Comparison {
  std::string error;  // why the two cannot be compared; the rest is then empty
  std::string text;   // the platforms, one block per differing row, a last line
  int differing = 0;  // rows in both whose result or observation differs
  int only_a = 0, only_b = 0;
};

// Compares the reports in text_a and text_b (named path_a and path_b in the
// messages). They must be reports of this schema and of the same catalog
// version; otherwise error names the file and what is wrong with it.
Comparison CompareReports(const std::string &path_a, const std::string &text_a,
                          const std::string &path_b, const std::string &text_b);

// Reads both files and compares them.
Comparison CompareReportFiles(const std::string &path_a, const std::string &path_b);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_REPORT_COMPARE_H_
