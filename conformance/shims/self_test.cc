// conformance/shims/self_test.cc - the kit proves its own power. Runs the
// conformance report once plainly (no row may FAIL or be BROKEN: no false
// alarm) and once
// under each fault-injection shim (LD_PRELOAD), and checks that exactly the
// rows the shim declares FAIL while every other row keeps its plain result.
// The declared rows are then run again with the shim made harmless
// (MK_SHIM_HARMLESS=1): they must not FAIL, so each FAIL comes from the fault
// and not from merely preloading a library. Finally every catalog ID must be
// guarded by some shim or be listed as unguarded.
//
// Arguments (written by mk_shim_self_test in shims.bzl):
//   --report=PATH               the report binary
//   --shim=NAME:PATH:ROW,ROW    a shim and the rows it breaks ("ID" or "ID@fs")
//   --unguarded=ID              a catalog ID no shim breaks on purpose
//   --jobs=N                    reports run at once (default 4; they mostly wait)
//   --collateral=all|family     under a shim, compare every row (all, the default) or only
//                               the rows of the shim's and its declared rows' groups
//                               ("MMAP.EOF", "MREMAP")
//                               (family: sanitizer builds, where each report costs more)
//   --shims=GLOB                only the shims whose name matches (repeatable), e.g.
//                               bazel test :self_test --test_arg=--shims='MADVISE.*'
//
// Under Bazel's test sharding (shard_count) each shard takes every Nth shim;
// shard 0 also runs the plain checks.
#include <fcntl.h>
#include <fnmatch.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "conformance/report/json_reader.h"
#include "gtest/gtest.h"

extern char **environ;

namespace mk_conformance {
namespace {

struct ShimSpec {
  std::string name;
  std::string so;                   // absolute path
  std::vector<std::string> breaks;  // "ID" or "ID@fs"
};

struct Config {
  std::string report;
  std::vector<ShimSpec> shims;
  std::set<std::string> unguarded;
  int jobs = 4;
  bool family_only = false;        // --collateral=family
  std::vector<std::string> globs;  // --shims
  int shard = 0, shards = 1;       // TEST_SHARD_INDEX, TEST_TOTAL_SHARDS
  std::string scratch;             // where runs write their JSON and output
};

Config g_config;

// One report row of a run: "PASS", "FAIL", "ALLOWED", "SKIP" or "BROKEN", and what was seen.
struct RowResult {
  std::string id;
  std::string result;
  std::string observed;
  std::string detail;
};

// One run of the report.
struct ReportRun {
  std::string label;              // file names and messages
  std::string preload;            // LD_PRELOAD, or empty
  bool harmless = false;          // MK_SHIM_HARMLESS=1
  std::vector<std::string> only;  // --only patterns (empty: every row)
  pid_t pid = -1;
  double seconds = 0;                     // wall time, start to exit
  int status = -1;                        // exit status, or 128 + signal
  std::string error;                      // why there are no results
  std::map<std::string, RowResult> rows;  // by key "ID@fs"
  std::string output;                     // the report's stdout and stderr, for messages
};

std::vector<std::string> Split(const std::string &text, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, sep)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

std::string Absolute(const std::string &path) {
  if (!path.empty() && path[0] == '/') return path;
  char cwd[4096];
  return getcwd(cwd, sizeof cwd) ? std::string(cwd) + "/" + path : path;
}

std::string ReadText(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

double Now() {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

std::string RunPath(const ReportRun &run, const char *suffix) {
  return g_config.scratch + "/" + run.label + suffix;
}

// Starts the report for run; the child's stdout and stderr go to one file.
void Start(ReportRun *run) {
  std::vector<std::string> args = {g_config.report};
  args.insert(args.end(), {"--json", RunPath(*run, ".json"), "--dir", g_config.scratch});
  args.insert(args.end(), {"--timeout-ms", "10000"});  // a hung check costs 10 s, not 20
  for (const std::string &pattern : run->only) {
    args.push_back("--only");
    args.push_back(pattern);
  }
  std::vector<std::string> env;
  for (char **e = environ; *e != nullptr; e++) {
    if (std::strncmp(*e, "LD_PRELOAD=", 11) != 0) env.push_back(*e);
  }
  if (!run->preload.empty()) env.push_back("LD_PRELOAD=" + run->preload);
  if (run->harmless) env.push_back("MK_SHIM_HARMLESS=1");

  std::vector<char *> argv, envp;
  for (std::string &a : args) argv.push_back(&a[0]);
  argv.push_back(nullptr);
  for (std::string &e : env) envp.push_back(&e[0]);
  envp.push_back(nullptr);

  const std::string out = RunPath(*run, ".out");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  int rc =
      posix_spawn(&run->pid, g_config.report.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  run->seconds = Now();
  if (rc != 0) {
    run->pid = -1;
    run->error = "posix_spawn " + g_config.report + ": " + std::strerror(rc);
  }
}

// Reads what a finished run wrote.
void Collect(ReportRun *run, int wait_status) {
  run->seconds = Now() - run->seconds;
  run->status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
  run->output = ReadText(RunPath(*run, ".out"));
  JsonValue doc;
  std::string error;
  if (!ParseJson(ReadText(RunPath(*run, ".json")), &doc, &error)) {
    run->error = "no valid JSON report (" + error + "), exit status " + std::to_string(run->status);
    return;
  }
  for (const JsonValue &row : doc["results"].array) {
    run->rows[row["key"].string] = {row["id"].string, row["result"].string, row["observed"].string,
                                    row["detail"].string};
  }
}

// Runs every run, at most g_config.jobs at once, and says how long they took.
void RunAll(std::vector<ReportRun *> runs) {
  const double start = Now();
  std::map<pid_t, ReportRun *> running;
  size_t next = 0;
  while (next < runs.size() || !running.empty()) {
    while (next < runs.size() && static_cast<int>(running.size()) < g_config.jobs) {
      ReportRun *run = runs[next++];
      Start(run);
      if (run->pid > 0) running[run->pid] = run;
    }
    if (running.empty()) continue;
    int status = 0;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) break;
    auto it = running.find(pid);
    if (it == running.end()) continue;
    Collect(it->second, status);
    running.erase(it);
  }
  const ReportRun *slowest = runs.front();
  for (const ReportRun *run : runs) {
    if (run->seconds > slowest->seconds) slowest = run;
  }
  std::printf("%zu report runs, %d at a time, in %.1f s; the slowest: %s, %.1f s\n", runs.size(),
              g_config.jobs, Now() - start, slowest->label.c_str(), slowest->seconds);
}

// The runs, made once before the tests look at them.
ReportRun g_plain;
std::map<std::string, ReportRun> g_under;     // by shim name
std::map<std::string, ReportRun> g_harmless;  // by shim name

// The plain run's keys a declared entry ("ID" or "ID@fs") stands for.
std::vector<std::string> RowsOf(const std::string &entry) {
  std::vector<std::string> keys;
  for (const auto &row : g_plain.rows) {
    if (row.first == entry || row.second.id == entry) keys.push_back(row.first);
  }
  return keys;
}

// The group of an ID: "MMAP.EOF" of "MMAP.EOF.TAIL_ZERO" or "MMAP.EOF.TAIL_ZERO@disk",
// "MREMAP" of "MREMAP.GROW_MAYMOVE".
std::string FamilyOf(const std::string &id_or_key) {
  const std::string id = id_or_key.substr(0, id_or_key.find('@'));
  const size_t first = id.find('.');
  const size_t second = first == std::string::npos ? first : id.find('.', first + 1);
  return id.substr(0, second == std::string::npos ? first : second);
}

// The --only globs of a run under shim that compares only its families' rows.
std::vector<std::string> FamilyGlobs(const ShimSpec &shim) {
  std::set<std::string> families = {FamilyOf(shim.name)};
  for (const std::string &entry : shim.breaks) families.insert(FamilyOf(entry));
  std::vector<std::string> globs;
  for (const std::string &family : families) globs.push_back(family + ".*");
  return globs;
}

std::string Describe(const RowResult &row) {
  return row.result + " (observed " + row.observed + (row.detail.empty() ? "" : ": " + row.detail) +
         ")";
}

// Tests --------------------------------------------------------------------------------------

TEST(Plain, NoFalseAlarm) {
  if (g_config.shard != 0) GTEST_SKIP() << "checked by shard 0";
  ASSERT_EQ("", g_plain.error) << g_plain.output;
  ASSERT_FALSE(g_plain.rows.empty());
  for (const auto &row : g_plain.rows) {
    EXPECT_NE("FAIL", row.second.result) << row.first << ": " << Describe(row.second);
    EXPECT_NE("BROKEN", row.second.result)
        << row.first << ": the check could not run here: " << Describe(row.second);
    if (row.second.result == "SKIP") {
      std::printf("note: %s skips here, so no shim can be checked on it: %s\n", row.first.c_str(),
                  row.second.detail.c_str());
    }
  }
  EXPECT_EQ(0, g_plain.status) << g_plain.output;
}

TEST(Plain, EveryCatalogIdIsGuarded) {
  if (g_config.shard != 0) GTEST_SKIP() << "checked by shard 0";
  ASSERT_EQ("", g_plain.error) << g_plain.output;
  std::set<std::string> ids, guarded;
  for (const auto &row : g_plain.rows) ids.insert(row.second.id);
  for (const ShimSpec &shim : g_config.shims) {
    for (const std::string &entry : shim.breaks) {
      std::vector<std::string> keys = RowsOf(entry);
      EXPECT_FALSE(keys.empty()) << shim.name << " declares " << entry
                                 << ", which names no row of the report (a typo, or a renamed ID?)";
      for (const std::string &key : keys) guarded.insert(g_plain.rows[key].id);
    }
  }
  for (const std::string &id : g_config.unguarded) {
    EXPECT_TRUE(ids.count(id)) << "--unguarded=" << id << " is not a catalog ID";
    EXPECT_FALSE(guarded.count(id)) << id << " is listed as unguarded but a shim guards it";
  }
  for (const std::string &id : ids) {
    EXPECT_TRUE(guarded.count(id) || g_config.unguarded.count(id))
        << id << " is guarded by no shim: add one (conformance/shims/README.md) or list it "
        << "as unguarded, with the reason, in conformance/shims/BUILD.bazel";
  }
  std::printf("coverage: %zu of %zu catalog IDs guarded by %zu shims; unguarded:", guarded.size(),
              ids.size(), g_config.shims.size());
  for (const std::string &id : ids) {
    if (!guarded.count(id)) std::printf(" %s", id.c_str());
  }
  std::printf("\n");
}

class ShimTest : public testing::Test {
 public:
  explicit ShimTest(const ShimSpec &shim) : shim_(shim) {}

  void TestBody() override {
    ASSERT_EQ("", g_plain.error) << "the plain run failed: " << g_plain.output;
    const ReportRun &run = g_under[shim_.name];
    ASSERT_EQ("", run.error) << "under " << shim_.so << ":\n" << run.output;

    // The declared rows; those the plain run skips cannot fail here.
    std::set<std::string> expected, unverifiable;
    for (const std::string &entry : shim_.breaks) {
      for (const std::string &key : RowsOf(entry)) {
        (g_plain.rows[key].result == "SKIP" ? unverifiable : expected).insert(key);
      }
    }
    for (const std::string &key : unverifiable) {
      std::printf("note: %s declares %s, which skips here: not checked\n", shim_.name.c_str(),
                  key.c_str());
    }
    if (expected.empty()) GTEST_SKIP() << "every row " << shim_.name << " breaks skips here";

    // Exactly the declared rows FAIL; every other row (of the families compared) is as in
    // the plain run.
    const std::vector<std::string> families = FamilyGlobs(shim_);
    for (const auto &plain : g_plain.rows) {
      const std::string &key = plain.first;
      if (g_config.family_only &&
          std::none_of(families.begin(), families.end(), [&](const std::string &glob) {
            return fnmatch(glob.c_str(), key.c_str(), 0) == 0;
          })) {
        continue;
      }
      auto got = run.rows.find(key);
      if (got == run.rows.end()) {
        ADD_FAILURE() << key << " is missing from the report under " << shim_.name;
        continue;
      }
      if (expected.count(key)) {
        // BROKEN is not enough: the check could not run, so the semantic was not judged
        // (the shim broke a setup step, or made the check crash or hang).
        EXPECT_EQ("FAIL", got->second.result)
            << shim_.name << " breaks " << key << " but the report says " << Describe(got->second)
            << (got->second.result == "BROKEN"
                    ? ": the shim must break the semantic, not the check's own setup"
                    : "");
      } else {
        EXPECT_EQ(plain.second.result, got->second.result)
            << shim_.name << " does not declare " << key << ", which changed from "
            << plain.second.result << " to " << Describe(got->second);
      }
    }
    EXPECT_EQ(1, run.status) << "the report's exit status under " << shim_.name;

    // The same rows with the shim made harmless: the FAILs were the fault's.
    const ReportRun &harmless = g_harmless[shim_.name];
    ASSERT_EQ("", harmless.error) << harmless.output;
    for (const std::string &key : expected) {
      auto got = harmless.rows.find(key);
      ASSERT_NE(harmless.rows.end(), got) << key << " is missing from the harmless run";
      EXPECT_TRUE(got->second.result != "FAIL" && got->second.result != "BROKEN")
          << key << " is " << got->second.result << " even with " << shim_.name
          << " made harmless: the preload itself, not the fault, breaks it: "
          << Describe(got->second);
    }
  }

 private:
  ShimSpec shim_;
};

std::string TestName(const std::string &shim) {
  std::string name = shim;
  for (char &c : name) {
    if (c == '.') c = '_';
  }
  return name;
}

// Command line -------------------------------------------------------------------------------

// "--flag=value": true and the value when arg is that flag.
bool Flag(const std::string &arg, const std::string &flag, std::string *value) {
  if (arg.compare(0, flag.size(), flag) != 0) return false;
  *value = arg.substr(flag.size());
  return true;
}

bool ParseArgs(int argc, char **argv, std::string *error) {
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i], v;
    if (Flag(arg, "--report=", &v)) {
      g_config.report = Absolute(v);
    } else if (Flag(arg, "--shim=", &v)) {
      std::vector<std::string> parts = Split(v, ':');
      if (parts.size() != 3) {
        *error = "--shim needs NAME:PATH:ROWS, got " + arg;
        return false;
      }
      g_config.shims.push_back({parts[0], Absolute(parts[1]), Split(parts[2], ',')});
    } else if (Flag(arg, "--unguarded=", &v)) {
      g_config.unguarded.insert(v);
    } else if (Flag(arg, "--jobs=", &v)) {
      g_config.jobs = std::max(1, std::atoi(v.c_str()));
    } else if (Flag(arg, "--collateral=", &v) && (v == "all" || v == "family")) {
      g_config.family_only = v == "family";
    } else if (Flag(arg, "--shims=", &v)) {
      g_config.globs.push_back(v);
    } else {
      *error = "unknown argument " + arg;
      return false;
    }
  }
  if (g_config.report.empty()) *error = "--report is required";
  return error->empty();
}

// Takes Bazel's test sharding over from googletest: a shard runs the reports of its own
// shims only, which googletest's own sharding (after every run is made) could not save.
void TakeShard() {
  const char *total = std::getenv("TEST_TOTAL_SHARDS");
  const char *index = std::getenv("TEST_SHARD_INDEX");
  if (total != nullptr && index != nullptr && std::atoi(total) > 1) {
    g_config.shards = std::atoi(total);
    g_config.shard = std::atoi(index);
  }
  unsetenv("GTEST_TOTAL_SHARDS");
  unsetenv("GTEST_SHARD_INDEX");
  if (const char *status = std::getenv("TEST_SHARD_STATUS_FILE")) {
    std::ofstream touch(status);  // tells Bazel this test shards
  }
}

// Whether this run takes the shim: its shard, and --shims.
bool Takes(size_t index, const ShimSpec &shim) {
  if (static_cast<int>(index % g_config.shards) != g_config.shard) return false;
  if (g_config.globs.empty()) return true;
  return std::any_of(g_config.globs.begin(), g_config.globs.end(), [&](const std::string &glob) {
    return fnmatch(glob.c_str(), shim.name.c_str(), 0) == 0;
  });
}

std::string ScratchDir() {
  const char *base = std::getenv("TEST_TMPDIR");
  if (base == nullptr || base[0] == '\0') base = std::getenv("TMPDIR");
  std::string dir =
      std::string(base != nullptr && base[0] != '\0' ? base : "/tmp") + "/shim_self_test.XXXXXX";
  return mkdtemp(&dir[0]) != nullptr ? dir : "";
}

}  // namespace
}  // namespace mk_conformance

int main(int argc, char **argv) {
  using namespace mk_conformance;
  testing::InitGoogleTest(&argc, argv);
  TakeShard();
  std::string error;
  if (!ParseArgs(argc, argv, &error)) {
    std::fprintf(stderr, "self_test: %s\n", error.c_str());
    return 2;
  }
  g_config.scratch = ScratchDir();
  if (g_config.scratch.empty()) {
    std::fprintf(stderr, "self_test: cannot make a scratch directory\n");
    return 2;
  }

  // Every run first (several at once), then the tests read them.
  g_plain.label = "plain";
  std::vector<ReportRun *> runs = {&g_plain};
  for (size_t i = 0; i < g_config.shims.size(); i++) {
    const ShimSpec &shim = g_config.shims[i];
    if (!Takes(i, shim)) continue;
    ReportRun &under = g_under[shim.name];
    under.label = shim.name;
    under.preload = shim.so;
    if (g_config.family_only) under.only = FamilyGlobs(shim);
    runs.push_back(&under);
    ReportRun &harmless = g_harmless[shim.name];
    harmless.label = shim.name + ".harmless";
    harmless.preload = shim.so;
    harmless.harmless = true;
    harmless.only = shim.breaks;
    runs.push_back(&harmless);
    testing::RegisterTest("Shim", TestName(shim.name).c_str(), nullptr, nullptr, __FILE__, __LINE__,
                          [shim]() -> testing::Test * { return new ShimTest(shim); });
  }
  RunAll(runs);
  return RUN_ALL_TESTS();
}
