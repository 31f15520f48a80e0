// conformance/report/baseline.h - known deviations of a platform (--baseline
// FILE) and how a run compares with them. One deviation per line:
//
//   # comments and blank lines are ignored
//   MMAP.ALIGN.HINT_UNALIGNED_OK@anon FAIL valgrind refuses unaligned hints
//
// KEY (ID@fs of a catalog row), RESULT (FAIL, ALLOWED, SKIP or BROKEN: PASS is
// not a deviation) and a reason, required. A run matches its baseline when the
// rows it ran deviate exactly as listed.
#ifndef MMAPKIT_CONFORMANCE_REPORT_BASELINE_H_
#define MMAPKIT_CONFORMANCE_REPORT_BASELINE_H_

#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/profile/profile.h"
#include "conformance/report/output.h"

namespace mk_conformance {

struct BaselineEntry {
  std::string key;
  Result result = Result::kFail;
  std::string reason;
  int line = 0;
};

struct Baseline {
  std::string path;  // as named on the command line, for messages
  std::vector<BaselineEntry> entries;
};

// Parses a baseline's text; keys must name rows of `rows` (the whole
// catalog). Returns "" or the first problem as "PATH:LINE: what is wrong".
std::string ParseBaseline(const std::string &text, const std::string &path,
                          const std::vector<Row> &rows, Baseline *baseline);
// Reads and parses the file at path.
std::string LoadBaseline(const std::string &path, const std::vector<Row> &rows, Baseline *baseline);

struct BaselineCheck {
  bool matches = true;
  int known = 0;    // deviations seen as listed
  int not_run = 0;  // listed rows this run did not run (--only)
  // One line per difference ("NEW ...", "FIXED ...", "CHANGED ..."), then a
  // last line with the outcome.
  std::vector<std::string> lines;
};

// Compares a run with its baseline: a deviation not listed is NEW, a listed
// row that passed is FIXED ("remove from the baseline"), a listed row with
// another result CHANGED.
BaselineCheck CheckBaseline(const Baseline &baseline, const std::vector<RowReport> &results);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_REPORT_BASELINE_H_
