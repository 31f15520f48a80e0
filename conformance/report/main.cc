// The stand-alone conformance report: runs every selected catalog row in its
// own process, prints the table (or KTAP) and the summary line, writes
// JSON/Markdown/JUnit, compares with a baseline; or compares two JSON reports.
// Exit status: 0 no FAIL or BROKEN (with --baseline: the run matches it), 1
// otherwise, 2 usage or environment error.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/profile/profile.h"
#include "conformance/report/baseline.h"
#include "conformance/report/compare.h"
#include "conformance/report/options.h"
#include "conformance/report/output.h"
#include "conformance/report/platform.h"
#include "conformance/run/fs_dirs.h"
#include "conformance/run/runner.h"
#include "tools/cli_support.h"

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
  if (!options.dir.empty()) SetDiskDir(dirs, ResolvePath(options.dir));
  // Only a directory where no file can be made is unusable: where MAP_SHARED
  // is refused, every row still runs (RunConfig says why some SKIP).
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
  if (!options.compare.empty()) {
    Comparison c =
        CompareReportFiles(ResolvePath(options.compare[0]), ResolvePath(options.compare[1]));
    if (!c.error.empty()) return Error(c.error);
    std::fputs(c.text.c_str(), stdout);
    return c.differing + c.only_a + c.only_b > 0 ? kExitFail : 0;
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

  // A bad baseline stops the run before anything is run or written.
  Baseline baseline;
  if (!options.baseline.empty()) {
    error = LoadBaseline(ResolvePath(options.baseline), RowsOf(Catalog()), &baseline);
    if (!error.empty()) return Error(error);
    baseline.path = options.baseline;
  }

  RunConfig config;
  config.timeout_ms = options.timeout_ms;
  error = ChooseDirs(options, &config.dirs);
  if (!error.empty()) return Error(error);
  PlatformInfo platform = DescribePlatform(config.dirs, MK_REPORT_BINARY, options.platform_label);
  const PlatformFacts facts = FactsOf(platform.environment);

  std::fputs((options.ktap ? KtapHeader : TextHeader)(platform, profile->name, rows.size()).c_str(),
             stdout);
  std::fflush(stdout);
  std::vector<RowReport> results;
  for (const Row &row : rows) {
    RowReport report{row, RunRowIsolated(row, config), Verdict()};
    report.verdict = Evaluate(row, report.observation, *profile, facts);
    std::fputs((options.ktap ? KtapRow(results.size() + 1, report) : TextRow(report)).c_str(),
               stdout);
    std::fflush(stdout);
    results.push_back(report);
  }
  Summary summary = Summarize(results);
  const char *comment = options.ktap ? "# " : "";  // KTAP: diagnostic lines
  std::printf("%s%s\n", options.ktap ? "" : "\n", (comment + SummaryLine(summary)).c_str());
  int status = summary.failed + summary.broken > 0 ? kExitFail : 0;
  if (!options.baseline.empty()) {
    BaselineCheck check = CheckBaseline(baseline, results);
    for (const std::string &line : check.lines) std::printf("%s%s\n", comment, line.c_str());
    status = check.matches ? 0 : kExitFail;
  }
  std::fflush(stdout);

  using Render =
      std::string (*)(const PlatformInfo &, const std::string &, const std::vector<RowReport> &);
  const std::pair<const std::string *, Render> files[] = {{&options.json, JsonReport},
                                                          {&options.markdown, MarkdownReport},
                                                          {&options.junit, JunitReport}};
  for (const auto &file : files) {
    if (file.first->empty()) continue;
    std::string path = ResolvePath(*file.first);
    if (!WriteTextFile(path, file.second(platform, profile->name, results))) {
      status = Error("cannot write " + path + ": " + std::strerror(errno));
    }
  }
  return status;
}

}  // namespace
}  // namespace mk_conformance

int main(int argc, char **argv) {
  // fds 0-2 open before anything is; a failed write to stdout is an environment error.
  cli_start("report", mk_conformance::kExitUsage);
  return mk_conformance::Main(argc, argv);
}
