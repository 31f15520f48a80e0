// conformance/report/output.h - the report's results and their three
// renderings (text table, JSON, Markdown), all from the same list of rows.
#ifndef MMAPKIT_CONFORMANCE_REPORT_OUTPUT_H_
#define MMAPKIT_CONFORMANCE_REPORT_OUTPUT_H_

#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/catalog/observation.h"
#include "conformance/profile/profile.h"
#include "conformance/report/platform.h"

namespace mk_conformance {

struct RowReport {
  Row row;
  Observation observation;
  Verdict verdict;
};

struct Summary {
  int passed = 0;
  int failed = 0;
  int allowed = 0;
  int skipped = 0;
  int broken = 0;
  int refused_by_sandbox = 0;  // of the failed rows
};

Summary Summarize(const std::vector<RowReport> &rows);
// "62 passed, 0 failed, 1 allowed, 2 skipped, 0 broken"; with FAILs a sandbox
// refused: "60 passed, 2 failed, of which 2 refused by the sandbox, ...".
std::string SummaryLine(const Summary &summary);

// text_output.cc: the console table, printed row by row as checks finish.
std::string TextHeader(const PlatformInfo &platform, const std::string &profile, size_t rows);
std::string TextRow(const RowReport &row);
std::string ListText(const std::vector<Row> &rows);

// json_output.cc: the machine-readable report (schema in conformance/README.md).
std::string JsonReport(const PlatformInfo &platform, const std::string &profile,
                       const std::vector<RowReport> &rows);
std::string JsonString(const std::string &text);  // quoted and escaped

// markdown_output.cc: the human-readable report, each ID linked to its source.
std::string MarkdownReport(const PlatformInfo &platform, const std::string &profile,
                           const std::vector<RowReport> &rows);
// A table cell's text: pipes escaped, line breaks as spaces.
std::string MarkdownCell(const std::string &text);

// junit_output.cc: JUnit XML, one testcase per row (FAIL: <failure> with the
// expected and observed text; BROKEN: <error>; SKIP: <skipped>).
std::string JunitReport(const PlatformInfo &platform, const std::string &profile,
                        const std::vector<RowReport> &rows);
// Text for an XML (or HTML) attribute or element: escaped, plain ASCII, other
// bytes as \xNN; line breaks and tabs kept.
std::string XmlText(const std::string &text);

// ktap_output.cc: KTAP version 1 for kernel test runners, printed row by row
// instead of the text table (--ktap). Rows are numbered from 1.
std::string KtapHeader(const PlatformInfo &platform, const std::string &profile, size_t rows);
std::string KtapRow(size_t number, const RowReport &row);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_REPORT_OUTPUT_H_
