// The console rendering: a header, one two-line row per result, the list.
#include <cstdio>

#include "conformance/report/output.h"

namespace mk_conformance {

namespace {

constexpr int kIdWidth = 46;

std::string Pad(const std::string &text, size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

}  // namespace

std::string TextHeader(const PlatformInfo &p, const std::string &profile, size_t rows) {
  std::string text = "mmapkit conformance report: " + PlatformLine(p) + "\n";
  text += "binary built for " + p.environment.abi + "\n";
  if (!p.label.empty()) text += "label: " + p.label + "\n";
  for (const EnvironmentFinding &f : p.environment.findings) {
    text += "environment: " + f.what + "; detected by " + f.how + "\n";
  }
  text += "profile " + profile + "; disk rows in " + p.disk_dir + " (" + p.disk_fs + ")";
  if (p.tmpfs_dir.empty()) {
    text += "; no tmpfs directory (tmpfs rows SKIP)";
  } else {
    text += "; tmpfs rows in " + p.tmpfs_dir + " (" + p.tmpfs_fs + ")";
  }
  text += "\n";
  if (p.disk_fs == "tmpfs") {
    text += "note: the disk directory is on tmpfs, so the disk rows test tmpfs too\n";
  }
  if (!p.disk_shared_refused.empty()) {
    text += "note: " + p.disk_shared_refused +
            ": rows that test it FAIL, rows that need it to set up SKIP\n";
  }
  text += std::to_string(rows) + " rows\n\n";
  text += Pad("RESULT", 8) + Pad("ID", kIdWidth) + Pad("FS", 6) + "STATEMENT\n";
  return text;
}

std::string TextRow(const RowReport &r) {
  const Verdict &v = r.verdict;
  std::string text = Pad(ResultName(v.result), 8) + Pad(r.row.entry->id, kIdWidth) +
                     Pad(FsName(r.row.fs), 6) + r.row.entry->statement + "\n";
  std::string detail = "observed " + v.observed;
  if (v.result != Result::kPass) detail = "expected " + v.expected + "; " + detail;
  if (!v.detail.empty()) detail += ": " + v.detail;
  text += std::string(8, ' ') + detail + "\n";
  return text;
}

std::string ListText(const std::vector<Row> &rows) {
  std::string text;
  for (const Row &row : rows) {
    text += Pad(row.Key(), kIdWidth + 6) + Pad(LevelName(row.entry->level), 6) +
            row.entry->statement + "\n" + std::string(kIdWidth + 12, ' ') + row.entry->source +
            " <" + row.entry->url + ">\n";
  }
  text += std::to_string(rows.size()) + " rows\n";
  return text;
}

}  // namespace mk_conformance
