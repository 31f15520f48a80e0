// conformance/report/report_file.h - a JSON report read back: its platform,
// catalog version and rows, checked to be a report this build can read
// (--compare and the platform matrix read reports with it).
#ifndef MMAPKIT_CONFORMANCE_REPORT_REPORT_FILE_H_
#define MMAPKIT_CONFORMANCE_REPORT_REPORT_FILE_H_

#include <map>
#include <string>
#include <vector>

namespace mk_conformance {

struct ReportedRow {
  std::string result, expected, observed, detail, statement;
};

struct ReportedPlatform {
  std::string sysname, release, version, machine, libc, binary, abi;
  long page_size = 0;
  std::string disk_fs, disk_shared_refused, tmpfs_fs, label, environment_summary;
};

struct ReportFile {
  ReportedPlatform platform;
  std::string profile;
  std::string catalog;                      // the catalog version it was written with
  std::vector<std::string> order;           // keys in report order
  std::map<std::string, ReportedRow> rows;  // by key
  // "Linux 6.1 x86_64 "label", environment, profile linux": one line.
  std::string PlatformSummary() const;
};

// Reads text (named path in the messages) as a report: "" or what is wrong
// with it (not JSON, not a report, another schema, no catalog version, a key
// twice). Fields added by newer reports are ignored; missing optional ones
// are empty.
std::string ParseReportFile(const std::string &path, const std::string &text, ReportFile *out);

// The same for a file: also "cannot read PATH: why".
std::string LoadReportFile(const std::string &path, ReportFile *out);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_REPORT_REPORT_FILE_H_
