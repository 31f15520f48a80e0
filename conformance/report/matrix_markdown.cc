// The platform matrix as Markdown (see matrix.h): the platforms, then only
// the rows that differ, then the platforms that did not run.
#include <string>

#include "conformance/report/matrix.h"
#include "conformance/report/output.h"

namespace mk_conformance {

namespace {

std::string Counts(const MatrixColumn &c) {
  std::string out;
  for (int i = 0; i < 5; i++) {
    if (c.counts[i] == 0 && i != 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(c.counts[i]) + " " + kMatrixResults[i];
  }
  return out;
}

}  // namespace

std::string MatrixMarkdown(const Matrix &m, const std::string &title) {
  int ran = 0;
  for (const MatrixColumn &c : m.columns) ran += c.not_run.empty() ? 1 : 0;
  std::string out = "# " + MarkdownCell(title) + "\n\n";
  out += std::to_string(m.columns.size()) + " platforms (" + std::to_string(ran) + " ran), " +
         std::to_string(m.differing) + " of " + std::to_string(m.rows.size()) +
         " rows differ; catalog `" + m.catalog + "`.\n\n";
  out +=
      "## Platforms\n\n| platform | kernel | arch | page size | disk rows on | environment | "
      "results |\n|---|---|---|---|---|---|---|\n";
  for (const MatrixColumn &c : m.columns) {
    if (!c.not_run.empty()) {
      out += "| " + MarkdownCell(c.name) + " | | | | | | not run |\n";
      continue;
    }
    const ReportedPlatform &p = c.report.platform;
    out += "| " + MarkdownCell(c.name) + " | " + MarkdownCell(p.sysname + " " + p.release) + " | " +
           MarkdownCell(p.machine) + " | " + std::to_string(p.page_size) + " | " +
           MarkdownCell(p.disk_fs) + (p.disk_shared_refused.empty() ? "" : " (no MAP_SHARED)") +
           " | " + MarkdownCell(p.environment_summary) + " | " + Counts(c) + " |\n";
  }
  out += "\n## Rows that differ\n\n";
  if (m.differing == 0) {
    out += "None: every platform that ran a row gave the same result and observation.\n";
  } else {
    out += "| key |";
    std::string rule = "|---|";
    for (const MatrixColumn &c : m.columns) {
      if (!c.not_run.empty()) continue;
      out += " " + MarkdownCell(c.name) + " |";
      rule += "---|";
    }
    out += "\n" + rule + "\n";
    for (const MatrixRow &row : m.rows) {
      if (!row.differs) continue;
      out += "| `" + row.key + "` |";
      for (size_t i = 0; i < row.cells.size(); i++) {
        if (!m.columns[i].not_run.empty()) continue;
        const MatrixCell &cell = row.cells[i];
        out += " " + (cell.ran ? cell.row.result : std::string("-")) + " |";
      }
      out += "\n";
    }
  }
  if (!m.problems.empty()) {
    out += "\n## Not run\n\n";
    for (const std::string &p : m.problems) out += "- " + MarkdownCell(p) + "\n";
  }
  return out;
}

}  // namespace mk_conformance
