// The Markdown rendering: platform, summary, and one table row per result
// with the ID linked to its source.
#include "conformance/report/output.h"

namespace mk_conformance {

namespace {

// A table cell: no line breaks, pipes escaped.
std::string Cell(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string MarkdownReport(const PlatformInfo &p, const std::string &profile,
                           const std::vector<RowReport> &rows) {
  std::string out = "# mmapkit conformance report\n\n";
  out += "- Platform: " + Cell(PlatformLine(p)) + "\n";
  out += "- Binary built for: " + Cell(p.environment.abi) + "\n";
  if (!p.label.empty()) out += "- Label: " + Cell(p.label) + "\n";
  for (const EnvironmentFinding &f : p.environment.findings) {
    out += "- Environment: " + Cell(f.what) + " (detected by " + Cell(f.how) + ")\n";
  }
  out += "- Kernel build: " + Cell(p.version) + "\n";
  out += "- Profile: `" + profile + "`\n";
  out += "- disk rows: `" + Cell(p.disk_dir) + "` (" + p.disk_fs + ")" +
         (p.disk_shared_refused.empty() ? "" : "; " + Cell(p.disk_shared_refused)) + "\n";
  out += "- tmpfs rows: " +
         (p.tmpfs_dir.empty() ? std::string("none (skipped)")
                              : "`" + Cell(p.tmpfs_dir) + "` (" + p.tmpfs_fs + ")") +
         "\n\n";
  out += "**" + SummaryLine(Summarize(rows)) + "**\n\n";
  out += "| Result | ID | fs | Level | Statement | Expected | Observed | Detail |\n";
  out += "|---|---|---|---|---|---|---|---|\n";
  for (const RowReport &r : rows) {
    const CatalogEntry &e = *r.row.entry;
    out += "| " + std::string(ResultName(r.verdict.result)) + " | [" + e.id + "](" + e.url +
           ") | " + FsName(r.row.fs) + " | " + LevelName(e.level) + " | " + Cell(e.statement) +
           " | " + Cell(r.verdict.expected) + " | " + Cell(r.verdict.observed) + " | " +
           Cell(r.verdict.detail) + " |\n";
  }
  return out;
}

}  // namespace mk_conformance
