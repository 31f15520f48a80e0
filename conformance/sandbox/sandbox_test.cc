// conformance/sandbox/sandbox_test.cc - the report in sandboxes and
// emulators, each pinned by a baseline: under valgrind (which resumes after a
// faulting instruction: every signal row must still give its native verdict),
// under seccomp_launcher (calls refused: the rows say so) and under bubblewrap
// (namespaces). A checked-in baseline lists what the sandbox changes; what
// this machine gives natively (its own SKIPs and ALLOWEDs) comes from a plain
// run first, so the baseline stays the sandbox's and not the host's. Each
// header must name the sandbox, and the plain header must not.
#include <sys/stat.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "conformance/report/json_reader.h"
#include "conformance/posix/fixtures.h"
#include "conformance/testing/programs.h"
#include "conformance/testing/matchers.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

const std::string kReport = mk_testing::Runfile("conformance/report");
const std::string kLauncher = mk_testing::Runfile("conformance/sandbox/seccomp_launcher");
const std::string kBaselines = mk_testing::Runfile("conformance/sandbox");

// One sandbox: how to start the report in it, and what it must say it is.
struct Sandbox {
  std::string name;                  // also the baseline's name: NAME.baseline
  std::vector<std::string> wrapper;  // the command before the report
  std::vector<std::string> tags;     // environment tags its header must name
  std::string needs;                 // a program it needs ("" = none)
};

std::vector<Sandbox> Sandboxes() {
  return {
      {"valgrind",
       {"/usr/bin/valgrind", "-q", "--tool=none", "--trace-children=yes"},
       {"valgrind"},
       "/usr/bin/valgrind"},
      {"seccomp",
       {kLauncher, "--deny", "msync=EPERM", "--deny", "mremap=ENOSYS", "--deny",
        "set_robust_list=ENOSYS", "--"},
       {"seccomp"},
       ""},
      {"bwrap",
       {"/usr/bin/bwrap", "--unshare-all", "--die-with-parent", "--bind", "/", "/", "--proc",
        "/proc", "--dev", "/dev", "--tmpfs", "/dev/shm", "--"},
       {"user-namespace", "mount-namespace", "pid-namespace", "net-namespace", "uts-namespace",
        "ipc-namespace", "cgroup-namespace"},
       "/usr/bin/bwrap"},
  };
}

struct ReportRun {
  mk_testing::ProgramRun program;
  JsonValue doc;
  std::string json_error;
  std::map<std::string, std::string> deviations;  // key -> result, for non-PASS rows
};

// Runs the report behind wrapper with args; reads its JSON.
ReportRun RunReport(const std::vector<std::string> &wrapper, const std::string &json,
                    const std::vector<std::string> &args) {
  std::vector<std::string> argv = wrapper;
  argv.push_back(kReport);
  argv.insert(argv.end(), {"--dir", mk_posix::TempDir(), "--json", json});
  argv.insert(argv.end(), args.begin(), args.end());
  ReportRun run;
  run.program = mk_testing::RunProgram(argv);
  std::string text;
  if (!mk_posix::ReadFile(json, &text) || !ParseJson(text, &run.doc, &run.json_error)) {
    if (run.json_error.empty()) run.json_error = "no JSON written";
    return run;
  }
  for (const JsonValue &row : run.doc["results"].array) {
    if (row["result"].string != "PASS") run.deviations[row["key"].string] = row["result"].string;
  }
  return run;
}

// What the run's header says for tag ("user namespace"), "" if it names none.
std::string Finding(const ReportRun &run, const std::string &tag) {
  for (const JsonValue &finding : run.doc["platform"]["environment"].array) {
    if (finding["tag"].string == tag) return finding["what"].string;
  }
  return "";
}

std::string Output(const ReportRun &run) {
  return run.program.error + run.program.out + run.program.err;
}

ReportRun &Plain() {
  static ReportRun plain = RunReport({}, mk_posix::TempDir() + "/plain.json", {});
  return plain;
}

// The sandbox's baseline over this machine's own deviations: the plain run's
// non-PASS rows, then the checked-in lines (which win for the rows they name).
std::string EffectiveBaseline(const Sandbox &sandbox, const ReportRun &plain) {
  std::string checked_in;
  const std::string path = kBaselines + "/" + sandbox.name + ".baseline";
  EXPECT_NO_ERRNO(mk_posix::ReadFile(path, &checked_in)) << path;
  std::string text = "# this machine's plain run\n";
  for (const auto &row : plain.deviations) {
    if (checked_in.find("\n" + row.first + " ") != std::string::npos) continue;
    text += row.first + " " + row.second + " as in the plain run on this machine\n";
  }
  return text + "# " + path + "\n" + checked_in;
}

class SandboxTest : public testing::TestWithParam<Sandbox> {};

TEST_P(SandboxTest, MatchesItsBaselineAndNamesItself) {
  const Sandbox &sandbox = GetParam();
  struct stat st;
  ASSERT_TRUE(sandbox.needs.empty() || stat(sandbox.needs.c_str(), &st) == 0)
      << sandbox.needs << " is missing: tools/bootstrap.sh installs it";
  const ReportRun &plain = Plain();
  ASSERT_EQ("", plain.json_error) << Output(plain);
  ASSERT_EQ(0, plain.program.status) << "the plain run must pass: " << Output(plain);

  const std::string baseline = mk_posix::TempDir() + "/" + sandbox.name + ".effective";
  ASSERT_NO_ERRNO(mk_posix::WriteFile(baseline, EffectiveBaseline(sandbox, plain)));
  ReportRun run = RunReport(sandbox.wrapper, mk_posix::TempDir() + "/" + sandbox.name + ".json",
                            {"--baseline", baseline});
  ASSERT_EQ("", run.json_error) << Output(run);
  EXPECT_EQ(0, run.program.status)
      << "under " << sandbox.name << " the report does not match " << sandbox.name
      << ".baseline (NEW: a deviation it does not list; FIXED: a listed row passes now):\n"
      << Output(run);

  // The fault handler ends each faulting child itself: no platform may see a
  // fault that did not end the child (valgrind would, were the handler to return).
  for (const JsonValue &row : run.doc["results"].array) {
    EXPECT_EQ(std::string::npos, row["detail"].string.find("did not end the child"))
        << row["key"].string << ": " << row["detail"].string;
  }
  for (const std::string &tag : sandbox.tags) {
    const std::string what = Finding(run, tag);
    EXPECT_NE("", what) << "the header does not name " << tag << ":\n" << Output(run);
    EXPECT_NE(std::string::npos, run.program.out.find("\nenvironment: " + what + "; detected by "))
        << run.program.out;
    if (!Finding(plain, tag).empty()) {
      std::printf("note: the plain run already names %s here (%s): its absence is not checked\n",
                  tag.c_str(), plain.doc["platform"]["environment_summary"].string.c_str());
    } else if (!what.empty()) {
      EXPECT_EQ(std::string::npos, plain.program.out.find("environment: " + what))
          << "the plain run names " << what << ":\n"
          << plain.program.out;
    }
  }
  std::printf("%s: %s\n", sandbox.name.c_str(),
              run.doc["platform"]["environment_summary"].string.c_str());
}

TEST(SandboxTest, SeccompRefusalsAreSaidAndCountedApart) {
  const Sandbox seccomp = Sandboxes()[1];
  ReportRun run =
      RunReport(seccomp.wrapper, mk_posix::TempDir() + "/refusals.json",
                {"--only", "MREMAP.GROW_MAYMOVE", "--only", "MREMAP.BLOCKED_ENOMEM", "--only",
                 "MREMAP.SHRINK_UNMAPS", "--only", "MSYNC.SYNC_OK", "--only", "MSYNC.ASYNC_OK",
                 "--only", "MSYNC.ARGS.*_EINVAL", "--only", "MSYNC.ARGS.NO_FLAGS_OK"});
  ASSERT_EQ("", run.json_error) << Output(run);
  EXPECT_EQ(1, run.program.status);
  int refused = 0;
  for (const JsonValue &row : run.doc["results"].array) {
    if (!row["refused_by_sandbox"].boolean) continue;
    refused++;
    EXPECT_EQ("FAIL", row["result"].string) << row["key"].string;
    EXPECT_EQ(0u, row["detail"].string.find("refused by the sandbox (seccomp filter active); "))
        << row["detail"].string;
  }
  // msync EPERM where success is due (SYNC, ASYNC x2, NO_FLAGS) and mremap ENOSYS (3 rows).
  EXPECT_EQ(8, refused) << Output(run);
  EXPECT_EQ(refused, run.doc["summary"]["refused_by_sandbox"].number);
  EXPECT_NE(std::string::npos, run.program.out.find("failed, of which " + std::to_string(refused) +
                                                    " refused by the sandbox, "))
      << run.program.out;
}

// A check that cannot even start (its pipe refused) is BROKEN, not FAIL, and
// the report exits 1 for it; the refusal is attributed.
TEST(SandboxTest, ACheckThatCannotStartIsBrokenAndFailsTheRun) {
  ReportRun run =
      RunReport({kLauncher, "--deny", "pipe2=EPERM", "--"}, mk_posix::TempDir() + "/broken.json",
                {"--only", "MMAP.ARGS.LENGTH_ZERO_EINVAL@anon"});
  ASSERT_EQ("", run.json_error) << Output(run);
  EXPECT_EQ(1, run.program.status) << Output(run);
  ASSERT_EQ(1u, run.doc["results"].array.size());
  const JsonValue &row = run.doc["results"].array[0];
  EXPECT_EQ("BROKEN", row["result"].string);
  EXPECT_EQ("setup_failed", row["kind"].string);
  EXPECT_TRUE(row["refused_by_sandbox"].boolean);
  EXPECT_EQ(
      "refused by the sandbox (seccomp filter active); pipe2: EPERM (Operation not permitted)",
      row["detail"].string);
  EXPECT_NE(std::string::npos,
            run.program.out.find("\n0 passed, 0 failed, 0 allowed, 0 skipped, 1 broken\n"))
      << run.program.out;
}

// qemu-user runs the static report; its header must say so (foreign
// architectures and their baselines are the cross-architecture runs' job).
TEST(QemuUser, TheHeaderNamesIt) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "qemu-x86_64 runs x86-64 binaries: this build is for another architecture";
#endif
  const std::string qemu = "/usr/bin/qemu-x86_64";
  struct stat st;
  ASSERT_EQ(0, stat(qemu.c_str(), &st)) << qemu << " is missing: tools/bootstrap.sh installs it";
  const std::string report_static = mk_testing::Runfile("conformance/report_static");
  const std::vector<std::string> args = {report_static, "--only",
                                         "MMAP.ARGS.LENGTH_ZERO_EINVAL@anon"};
  mk_testing::ProgramRun plain = mk_testing::RunProgram(args);
  std::vector<std::string> emulated = {qemu};
  emulated.insert(emulated.end(), args.begin(), args.end());
  mk_testing::ProgramRun run = mk_testing::RunProgram(emulated);
  EXPECT_EQ(0, run.status) << run.error << run.out << run.err;
  EXPECT_NE(std::string::npos,
            run.out.find("\nenvironment: qemu-user (qemu-x86_64); detected by /proc/self/task/"))
      << run.out;
  EXPECT_EQ(0, plain.status) << plain.error << plain.out << plain.err;
  EXPECT_EQ(std::string::npos, plain.out.find("qemu")) << plain.out;
}

INSTANTIATE_TEST_SUITE_P(Sandboxes, SandboxTest, testing::ValuesIn(Sandboxes()),
                         [](const testing::TestParamInfo<Sandbox> &p) { return p.param.name; });

}  // namespace
}  // namespace mk_conformance
