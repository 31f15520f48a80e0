// Comparing two JSON reports (see compare.h).
#include "conformance/report/compare.h"

#include <cerrno>
#include <cstring>
#include <map>
#include <vector>

#include "conformance/report/report_file.h"
#include "conformance/posix/fixtures.h"

namespace mk_conformance {

namespace {

std::string Side(const char *name, const ReportedRow &r) {
  return std::string("    ") + name + ": " + r.result + ", observed " + r.observed +
         (r.detail.empty() ? "" : ": " + r.detail) + "\n";
}

}  // namespace

Comparison CompareReports(const std::string &path_a, const std::string &text_a,
                          const std::string &path_b, const std::string &text_b) {
  Comparison c;
  ReportFile a, b;
  c.error = ParseReportFile(path_a, text_a, &a);
  if (c.error.empty()) c.error = ParseReportFile(path_b, text_b, &b);
  if (c.error.empty() && a.catalog != b.catalog) {
    c.error = path_a + " was written with catalog " + a.catalog + ", " + path_b + " with " +
              b.catalog +
              ": rows of different catalog versions do not compare; run both "
              "platforms with the same mmapkit";
  }
  if (!c.error.empty()) return c;

  c.text = "A: " + path_a + ": " + a.PlatformSummary() + "\nB: " + path_b + ": " +
           b.PlatformSummary() + "\n\n";
  int both = 0;
  for (const std::string &key : a.order) {
    auto in_b = b.rows.find(key);
    const ReportedRow &ra = a.rows[key];
    if (in_b == b.rows.end()) {
      c.only_a++;
      c.text += key + "  only in A (" + ra.result + ")\n";
      continue;
    }
    both++;
    const ReportedRow &rb = in_b->second;
    if (ra.result == rb.result && ra.observed == rb.observed) continue;
    c.differing++;
    c.text += key + "  " + ra.result + " -> " + rb.result + "\n" + Side("A", ra) + Side("B", rb);
  }
  for (const std::string &key : b.order) {
    if (a.rows.count(key) != 0) continue;
    c.only_b++;
    c.text += key + "  only in B (" + b.rows[key].result + ")\n";
  }
  c.text += "\n" + std::to_string(c.differing) + " of " + std::to_string(both) + " rows differ; " +
            std::to_string(c.only_a) + " only in A, " + std::to_string(c.only_b) + " only in B\n";
  return c;
}

Comparison CompareReportFiles(const std::string &path_a, const std::string &path_b) {
  std::string text_a, text_b;
  Comparison c;
  for (const auto &file : {std::make_pair(&path_a, &text_a), std::make_pair(&path_b, &text_b)}) {
    if (!mk_posix::ReadFile(*file.first, file.second)) {
      c.error = "cannot read " + *file.first + ": " + std::strerror(errno);
      return c;
    }
  }
  return CompareReports(path_a, text_a, path_b, text_b);
}

}  // namespace mk_conformance
