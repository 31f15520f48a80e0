// report_matrix: several platforms' JSON reports side by side, as one
// self-contained HTML page and as Markdown (tools/platform-matrix.sh runs the
// platforms and calls it).
//
//   report_matrix [--html FILE] [--markdown FILE] [--title TEXT]
//                 (--cell NAME=REPORT.json | --not-run NAME=WHY)...
//
// Exit: 0 every platform's report was read, 1 the pages were written but
// some platform has no results (each is named on stderr and in the pages),
// 2 usage error or an output file that cannot be written.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/report/matrix.h"
#include "conformance/posix/fixtures.h"
#include "tools/cli_support.h"

namespace mk_conformance {
namespace {

constexpr int kExitSomeNotRun = 1;
constexpr int kExitUsage = 2;

const char kUsage[] =
    "Usage: report_matrix [--html FILE] [--markdown FILE] [--title TEXT]\n"
    "                     (--cell NAME=REPORT.json | --not-run NAME=WHY)...\n"
    "Puts the JSON reports of several platforms side by side: one row per catalog\n"
    "key, one column per platform, coloured by result, with a filter for the rows\n"
    "that differ (HTML) or only those rows (Markdown).\n"
    "  --cell NAME=FILE     a platform's JSON report (report --json FILE)\n"
    "  --not-run NAME=WHY   a platform that could not run, and why\n"
    "  --html FILE          write the page (self-contained: no network assets)\n"
    "  --markdown FILE      write the Markdown\n"
    "  --title TEXT         the heading (default: mmapkit platform matrix)\n"
    "Exit: 0 all reports read, 1 some platform has no results (said on stderr\n"
    "and in the pages), 2 usage error or an unwritable output file.\n";

int Usage(const std::string &message) {
  std::fprintf(stderr, "report_matrix: %s (see --help)\n", message.c_str());
  return kExitUsage;
}

int Main(int argc, char **argv) {
  std::vector<MatrixInput> inputs;
  std::string html, markdown, title = "mmapkit platform matrix";
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (i + 1 >= argc) return Usage(arg + " needs a value, or is not an option");
    std::string value = argv[++i];
    if (arg == "--html") {
      html = value;
    } else if (arg == "--markdown") {
      markdown = value;
    } else if (arg == "--title") {
      title = value;
    } else if (arg == "--cell" || arg == "--not-run") {
      size_t eq = value.find('=');
      if (eq == 0 || eq == std::string::npos || eq + 1 == value.size()) {
        return Usage(arg + " needs NAME=" + (arg == "--cell" ? "FILE" : "WHY") + ", got '" + value +
                     "'");
      }
      MatrixInput input{value.substr(0, eq), "", ""};
      (arg == "--cell" ? input.json_path : input.not_run) = value.substr(eq + 1);
      for (const MatrixInput &other : inputs) {
        if (other.name == input.name) return Usage("platform " + input.name + " named twice");
      }
      inputs.push_back(input);
    } else {
      return Usage("unknown option " + arg);
    }
  }
  if (inputs.empty()) return Usage("no platform: give --cell NAME=REPORT.json");
  if (html.empty() && markdown.empty()) return Usage("nothing to write: give --html or --markdown");

  Matrix m = BuildMatrix(inputs, RowsOf(Catalog()), CatalogVersion());
  for (const std::string &problem : m.problems) {
    std::fprintf(stderr, "report_matrix: not run: %s\n", problem.c_str());
  }
  const std::pair<const std::string *, std::string> files[] = {
      {&html, html.empty() ? "" : MatrixHtml(m, title)},
      {&markdown, markdown.empty() ? "" : MatrixMarkdown(m, title)}};
  for (const auto &file : files) {
    if (file.first->empty()) continue;
    if (!mk_posix::WriteFile(*file.first, file.second)) {
      std::fprintf(stderr, "report_matrix: cannot write %s: %s\n", file.first->c_str(),
                   std::strerror(errno));
      return kExitUsage;
    }
  }
  std::printf("report_matrix: %zu platforms (%zu without results), %d of %zu rows differ\n",
              m.columns.size(), m.problems.size(), m.differing, m.rows.size());
  return m.problems.empty() ? 0 : kExitSomeNotRun;
}

}  // namespace
}  // namespace mk_conformance

int main(int argc, char **argv) {
  cli_start("report_matrix", mk_conformance::kExitUsage);
  return mk_conformance::Main(argc, argv);
}
