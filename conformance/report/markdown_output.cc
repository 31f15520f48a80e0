// The Markdown rendering: platform, summary, and one table row per result
// with the ID linked to its source.
#include "conformance/report/output.h"

namespace mk_conformance {

std::string MarkdownCell(const std::string &text) {
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

std::string MarkdownReport(const PlatformInfo &p, const std::string &profile,
                           const std::vector<RowReport> &rows) {
  std::string out = "# mmapkit conformance report\n\n";
  out += "- Platform: " + MarkdownCell(PlatformLine(p)) + "\n";
  out += "- Binary built for: " + MarkdownCell(p.environment.abi) + "\n";
  if (!p.label.empty()) out += "- Label: " + MarkdownCell(p.label) + "\n";
  for (const EnvironmentFinding &f : p.environment.findings) {
    out +=
        "- Environment: " + MarkdownCell(f.what) + " (detected by " + MarkdownCell(f.how) + ")\n";
  }
  out += "- Kernel build: " + MarkdownCell(p.version) + "\n";
  out += "- Profile: `" + profile + "`\n";
  out += "- disk rows: `" + MarkdownCell(p.disk_dir) + "` (" + p.disk_fs + ")" +
         (p.disk_shared_refused.empty() ? "" : "; " + MarkdownCell(p.disk_shared_refused)) + "\n";
  out += "- tmpfs rows: " +
         (p.tmpfs_dir.empty() ? std::string("none (skipped)")
                              : "`" + MarkdownCell(p.tmpfs_dir) + "` (" + p.tmpfs_fs + ")") +
         "\n\n";
  out += "**" + SummaryLine(Summarize(rows)) + "**\n\n";
  out += "| Result | ID | fs | Level | Statement | Expected | Observed | Detail |\n";
  out += "|---|---|---|---|---|---|---|---|\n";
  for (const RowReport &r : rows) {
    const CatalogEntry &e = *r.row.entry;
    out += "| " + std::string(ResultName(r.verdict.result)) + " | [" + e.id + "](" + e.url +
           ") | " + FsName(r.row.fs) + " | " + LevelName(e.level) + " | " +
           MarkdownCell(e.statement) + " | " + MarkdownCell(r.verdict.expected) + " | " +
           MarkdownCell(r.verdict.observed) + " | " + MarkdownCell(r.verdict.detail) + " |\n";
  }
  return out;
}

}  // namespace mk_conformance
