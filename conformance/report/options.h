// conformance/report/options.h - the report's command line.
#ifndef MMAPKIT_CONFORMANCE_REPORT_OPTIONS_H_
#define MMAPKIT_CONFORMANCE_REPORT_OPTIONS_H_

#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"

namespace mk_conformance {

struct Options {
  bool help = false;
  bool list = false;
  std::vector<std::string> only;     // globs on ID or ID@fs; empty = every row
  std::string profile;               // empty: from uname
  std::string dir;                   // disk rows; empty: TEST_TMPDIR, TMPDIR or /tmp
  std::string tmpfs_dir;             // tmpfs rows; empty: first tmpfs of /dev/shm, /tmp, /run/shm
  std::string json;                  // write the JSON report here
  std::string markdown;              // write the Markdown report here
  std::string junit;                 // write JUnit XML here
  bool ktap = false;                 // KTAP on stdout instead of the text table
  std::string baseline;              // known deviations: exit 0 iff the run matches them
  std::string platform_label;        // the porter's own name for the platform
  std::vector<std::string> compare;  // two JSON reports to compare instead of running
  int timeout_ms = 20000;            // per check
};

// Parses argv (both "--opt value" and "--opt=value"). Returns "" or an error.
std::string ParseOptions(int argc, const char *const *argv, Options *options);

std::string UsageText(const std::string &program);

// True when row is selected by the --only globs (all rows when there are none).
bool Selected(const std::vector<std::string> &only, const Row &row);

// Under `bazel run` relative paths mean the caller's directory
// (BUILD_WORKING_DIRECTORY), not the runfiles tree.
std::string ResolvePath(const std::string &path);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_REPORT_OPTIONS_H_
