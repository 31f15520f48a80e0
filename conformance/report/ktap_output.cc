// The KTAP version 1 rendering (--ktap): what kernel test runners read. One
// result line per row, numbered in report order; the header, every non-PASS
// row's detail and the summary are diagnostic lines ("# ...").
#include "conformance/report/output.h"

namespace mk_conformance {

namespace {

// A diagnostic line: "# " and the text on one line.
std::string Diagnostic(const std::string &text) {
  std::string line = "# ";
  for (char c : text) line += (c == '\n' || c == '\r') ? ' ' : c;
  return line + "\n";
}

}  // namespace

std::string KtapHeader(const PlatformInfo &p, const std::string &profile, size_t rows) {
  std::string text = "KTAP version 1\n";
  // The text header, line by line, as diagnostics.
  std::string header = TextHeader(p, profile, rows);
  size_t start = 0;
  for (size_t nl; (nl = header.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string line = header.substr(start, nl - start);
    if (line.empty() || line.rfind("RESULT", 0) == 0) continue;  // no table heading here
    text += Diagnostic(line);
  }
  return text + "1.." + std::to_string(rows) + "\n";
}

std::string KtapRow(size_t number, const RowReport &r) {
  const Verdict &v = r.verdict;
  const std::string key = r.row.Key();
  const std::string n = std::to_string(number);
  std::string detail = "expected " + v.expected + "; observed " + v.observed +
                       (v.detail.empty() ? "" : ": " + v.detail);
  switch (v.result) {
    case Result::kPass:
      return "ok " + n + " " + key + "\n";
    case Result::kSkip:
      return Diagnostic(key + ": " + r.row.entry->statement) + "ok " + n + " " + key + " # SKIP " +
             Diagnostic(v.detail).substr(2);
    case Result::kAllowed:
      return Diagnostic(key + ": ALLOWED: " + detail) + "ok " + n + " " + key + "\n";
    case Result::kFail:
      return Diagnostic(key + ": " + r.row.entry->statement) +
             Diagnostic(key + ": FAIL: " + detail) + "not ok " + n + " " + key + "\n";
    case Result::kBroken:
      return Diagnostic(key + ": BROKEN (the check could not run): " + detail) + "not ok " + n +
             " " + key + "\n";
  }
  return "";
}

}  // namespace mk_conformance
