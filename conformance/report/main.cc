// The stand-alone conformance report: runs every selected catalog row in its
// own process, prints the table and the summary line, writes JSON/Markdown.
// Exit status: 0 no FAIL, 1 some FAIL, 2 usage or environment error.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/profile/profile.h"
#include "conformance/report/options.h"
#include "conformance/report/output.h"
#include "conformance/report/platform.h"
#include "conformance/run/fs_dirs.h"
#include "conformance/run/runner.h"

#ifndef MK_REPORT_BINARY
#define MK_REPORT_BINARY "dynamic"
#endif

namespace mk_conformance {
namespace {

constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;

int Error(const std::string &message) {
  std::fprintf(stderr, "report: %s\n", message.c_str());
  return kExitUsage;
}

bool WriteTextFile(const std::string &path, const std::string &text) {
  FILE *f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}

// The directories of the run from the options, or an error message.
std::string ChooseDirs(const Options &options, FsDirs *dirs) {
  *dirs = DefaultFsDirs();
  if (!options.dir.empty()) dirs->disk = ResolvePath(options.dir);
  std::string problem = DirProblem(dirs->disk);
  if (!problem.empty()) return "cannot use the disk directory: " + problem;
  if (!options.tmpfs_dir.empty()) {
    dirs->tmpfs = ResolvePath(options.tmpfs_dir);
    dirs->tmpfs_missing.clear();
    if (!IsTmpfs(dirs->tmpfs)) {
      return "--tmpfs-dir " + dirs->tmpfs + " is not a tmpfs (" + FsTypeName(dirs->tmpfs) + ")";
    }
    problem = DirProblem(dirs->tmpfs);
    if (!problem.empty()) return "cannot use the tmpfs directory: " + problem;
  }
  return "";
}

int Main(int argc, char **argv) {
  Options options;
  std::string error = ParseOptions(argc, argv, &options);
  if (!error.empty()) return Error(error + " (see --help)");
  if (options.help) {
    std::fputs(UsageText(argv[0]).c_str(), stdout);
    return 0;
  }

  std::vector<Row> rows;
  for (const Row &row : RowsOf(Catalog())) {
    if (Selected(options.only, row)) rows.push_back(row);
  }
  if (rows.empty()) return Error("no catalog row matches --only");
  if (options.list) {
    std::fputs(ListText(rows).c_str(), stdout);
    return 0;
  }

  std::string profile_name = options.profile.empty() ? DetectedProfileName() : options.profile;
  const Profile *profile = FindProfile(profile_name);
  if (profile == nullptr) {
    std::string names;
    for (const Profile &p : Profiles()) names += std::string(names.empty() ? "" : ", ") + p.name;
    return Error("unknown profile " + profile_name + " (known: " + names + ")");
  }

  RunConfig config;
  config.timeout_ms = options.timeout_ms;
  error = ChooseDirs(options, &config.dirs);
  if (!error.empty()) return Error(error);
  PlatformInfo platform = DescribePlatform(config.dirs, MK_REPORT_BINARY);

  std::fputs(TextHeader(platform, profile->name, rows.size()).c_str(), stdout);
  std::fflush(stdout);
  std::vector<RowReport> results;
  for (const Row &row : rows) {
    RowReport report{row, RunRowIsolated(row, config), Verdict()};
    report.verdict = Evaluate(row, report.observation, *profile);
    std::fputs(TextRow(report).c_str(), stdout);
    std::fflush(stdout);
    results.push_back(report);
  }
  Summary summary = Summarize(results);
  std::printf("\n%s\n", SummaryLine(summary).c_str());
  std::fflush(stdout);

  int status = summary.failed > 0 ? kExitFail : 0;
  if (!options.json.empty()) {
    std::string path = ResolvePath(options.json);
    if (!WriteTextFile(path, JsonReport(platform, profile->name, results))) {
      status = Error("cannot write " + path + ": " + std::strerror(errno));
    }
  }
  if (!options.markdown.empty()) {
    std::string path = ResolvePath(options.markdown);
    if (!WriteTextFile(path, MarkdownReport(platform, profile->name, results))) {
      status = Error("cannot write " + path + ": " + std::strerror(errno));
    }
  }
  return status;
}

}  // namespace
}  // namespace mk_conformance

int main(int argc, char **argv) {
  return mk_conformance::Main(argc, argv);
}
