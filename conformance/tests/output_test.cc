// The report's command line and its three renderings: summary line, text
// rows, JSON (valid, documented schema, escaped) and Markdown.
#include <signal.h>

#include <cerrno>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/profile/profile.h"
#include "conformance/report/json_reader.h"
#include "conformance/report/options.h"
#include "conformance/report/output.h"
#include "conformance/tests/judged_rows.h"
#include "conformance/tests/report_schema.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

std::vector<RowReport> SampleRows() {
  return {
      Report("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, FailedWithErrno(EINVAL, "mmap(offset=2048)")),
      Report("MMAP.ALIGN.OFFSET_EINVAL", Fs::kTmpfs, Success("returned 0x7f00 | \"odd\"\n")),
      Report("MMAP.EOF.PAST_EOF_LOAD_SIGBUS", Fs::kDisk,
             KilledBySignal(SIGBUS, BUS_ADRERR, "load")),
      Report("MMAP.EOF.TAIL_STORES_AFTER_GROW", Fs::kTmpfs, Variant("stores-reappear", "x")),
      Report("MMAP.MODE.APPEND_ONLY_SHARED_WRITE_EACCES", Fs::kDisk, Skipped("EPERM")),
      Report("MMAP.EOF.TAIL_ZERO", Fs::kDisk, Crashed("the check was killed by SIGABRT <&>")),
  };
}

PlatformInfo SamplePlatform() {
  PlatformInfo p;
  p.sysname = "Linux";
  p.release = "6.1.0";
  p.version = "#1 SMP \"quoted\"";
  p.machine = "x86_64";
  p.page_size = 4096;
  p.libc = "glibc 2.36";
  p.binary = "static";
  p.disk_dir = "/tmp";
  p.disk_fs = "ext4";
  p.tmpfs_dir = "/dev/shm";
  p.tmpfs_fs = "tmpfs";
  p.label = "porter's box";
  p.environment.abi = "x86_64, LP64, little-endian, 64-bit off_t";
  p.environment.findings = {
      {"valgrind", "valgrind", "RUNNING_ON_VALGRIND client request (valgrind.h)"},
      {"seccomp", "seccomp filter (1 filter)", "/proc/self/status: Seccomp: 2"}};
  return p;
}

TEST(Summary, CountsAndLineFormat) {
  Summary s = Summarize(SampleRows());
  EXPECT_EQ(2, s.passed);
  EXPECT_EQ(1, s.failed);
  EXPECT_EQ(1, s.allowed);
  EXPECT_EQ(1, s.skipped);
  EXPECT_EQ(1, s.broken);
  EXPECT_EQ(0, s.refused_by_sandbox);
  EXPECT_EQ("2 passed, 1 failed, 1 allowed, 1 skipped, 1 broken", SummaryLine(s));
  s.refused_by_sandbox = 1;
  EXPECT_EQ("2 passed, 1 failed, of which 1 refused by the sandbox, 1 allowed, 1 skipped, 1 broken",
            SummaryLine(s));
}

TEST(Summary, CountsFailsRefusedBySandbox) {
  std::vector<RowReport> rows = SampleRows();
  rows[1].verdict.refused_by_sandbox = true;  // the FAIL
  rows[5].verdict.refused_by_sandbox = true;  // BROKEN: not a FAIL, not counted
  EXPECT_EQ(1, Summarize(rows).refused_by_sandbox);
}

TEST(Json, StringsAreEscaped) {
  EXPECT_EQ("\"a\\\"b\\\\c\\nd\\u0001\\u00ff\"", JsonString("a\"b\\c\nd\x01\xff"));
}

TEST(Json, ReportFollowsTheSchema) {
  std::string text = JsonReport(SamplePlatform(), "linux", SampleRows());
  JsonValue doc = ExpectValidReport(text);
  ASSERT_EQ(6u, doc["results"].array.size());
  const JsonValue &fail = doc["results"].array[1];
  EXPECT_EQ("MMAP.ALIGN.OFFSET_EINVAL", fail["id"].string);
  EXPECT_EQ("tmpfs", fail["fs"].string);
  EXPECT_EQ("MMAP.ALIGN.OFFSET_EINVAL@tmpfs", fail["key"].string);
  EXPECT_EQ("FAIL", fail["result"].string);
  EXPECT_EQ("posix", fail["level"].string);
  EXPECT_EQ("fails with EINVAL (Invalid argument)", fail["expected"].string);
  EXPECT_EQ("success", fail["observed"].string);
  EXPECT_EQ("returned 0x7f00 | \"odd\"\n", fail["detail"].string);
  EXPECT_EQ(Entry("MMAP.ALIGN.OFFSET_EINVAL").url, fail["url"].string);
  const JsonValue &sigbus = doc["results"].array[2];
  EXPECT_EQ("signal", sigbus["kind"].string);
  EXPECT_EQ("SIGBUS", sigbus["signal"].string);
  EXPECT_EQ("BUS_ADRERR", sigbus["si_code"].string);
  EXPECT_EQ("EINVAL", doc["results"].array[0]["errno"].string);
  EXPECT_EQ("stores-reappear", doc["results"].array[3]["variant"].string);
  EXPECT_EQ("ALLOWED", doc["results"].array[3]["result"].string);
  EXPECT_EQ("#1 SMP \"quoted\"", doc["platform"]["version"].string);
  EXPECT_EQ(1, doc["summary"]["failed"].number);
  EXPECT_EQ(1, doc["summary"]["broken"].number);
  const JsonValue &broken = doc["results"].array[5];
  EXPECT_EQ("BROKEN", broken["result"].string);
  EXPECT_EQ("crashed", broken["kind"].string);
  EXPECT_EQ("porter's box", doc["platform"]["label"].string);
  EXPECT_EQ("x86_64, LP64, little-endian, 64-bit off_t", doc["platform"]["abi"].string);
  EXPECT_EQ("valgrind; seccomp filter (1 filter)", doc["platform"]["environment_summary"].string);
  ASSERT_EQ(2u, doc["platform"]["environment"].array.size());
  EXPECT_EQ("seccomp", doc["platform"]["environment"].array[1]["tag"].string);
  EXPECT_EQ("/proc/self/status: Seccomp: 2", doc["platform"]["environment"].array[1]["how"].string);
  EXPECT_EQ(CatalogVersion(), doc["catalog"]["version"].string);
  EXPECT_EQ(static_cast<double>(RowsOf(Catalog()).size()), doc["catalog"]["rows"].number);
}

TEST(Json, EmptyReportIsValid) {
  ExpectValidReport(JsonReport(SamplePlatform(), "posix", {}));
}

TEST(Markdown, LinksIdsAndEscapesCells) {
  std::string md = MarkdownReport(SamplePlatform(), "linux", SampleRows());
  EXPECT_NE(std::string::npos, md.find("**2 passed, 1 failed, 1 allowed, 1 skipped, 1 broken**"));
  EXPECT_NE(std::string::npos, md.find("- Label: porter's box\n")) << md;
  EXPECT_NE(std::string::npos,
            md.find("- Environment: seccomp filter (1 filter) (detected by /proc/self/status: "
                    "Seccomp: 2)\n"))
      << md;
  EXPECT_NE(std::string::npos, md.find("| BROKEN | [MMAP.EOF.TAIL_ZERO]")) << md;
  EXPECT_NE(std::string::npos,
            md.find("| FAIL | [MMAP.ALIGN.OFFSET_EINVAL](" +
                    std::string(Entry("MMAP.ALIGN.OFFSET_EINVAL").url) + ") | tmpfs | posix |"))
      << md;
  EXPECT_NE(std::string::npos, md.find("returned 0x7f00 \\| \"odd\"  |")) << md;
  size_t rows = 0;
  for (size_t pos = 0; (pos = md.find("\n| ", pos)) != std::string::npos; pos++) rows++;
  EXPECT_EQ(1u + 6u, rows);  // header + one per result
}

TEST(Text, HeaderNamesTheEnvironmentAndLabelOnlyWhenPresent) {
  PlatformInfo p = SamplePlatform();
  std::string text = TextHeader(p, "linux", 6);
  EXPECT_NE(std::string::npos,
            text.find("\nbinary built for x86_64, LP64, little-endian, 64-bit off_t\n"));
  EXPECT_NE(std::string::npos, text.find("\nlabel: porter's box\n")) << text;
  EXPECT_NE(std::string::npos,
            text.find("\nenvironment: valgrind; detected by RUNNING_ON_VALGRIND client request "
                      "(valgrind.h)\nenvironment: seccomp filter (1 filter); detected by "
                      "/proc/self/status: Seccomp: 2\n"))
      << text;
  p.label.clear();
  p.environment.findings.clear();
  text = TextHeader(p, "linux", 6);
  EXPECT_EQ(std::string::npos, text.find("label")) << text;
  EXPECT_EQ(std::string::npos, text.find("environment")) << text;
}

TEST(Text, RowsStateExpectedOnlyWhenNotPassing) {
  std::vector<RowReport> rows = SampleRows();
  std::string pass = TextRow(rows[0]);
  EXPECT_EQ(0u, pass.find("PASS    MMAP.ALIGN.OFFSET_EINVAL")) << pass;
  EXPECT_NE(std::string::npos,
            pass.find("observed fails with EINVAL (Invalid argument): mmap(offset=2048)"));
  EXPECT_EQ(std::string::npos, pass.find("expected"));
  std::string fail = TextRow(rows[1]);
  EXPECT_NE(std::string::npos,
            fail.find("expected fails with EINVAL (Invalid argument); observed success"))
      << fail;
}

size_t Count(const std::string &text, const std::string &what) {
  size_t n = 0;
  for (size_t pos = 0; (pos = text.find(what, pos)) != std::string::npos; pos += what.size()) n++;
  return n;
}

TEST(Junit, OneTestcasePerRowWithFailuresErrorsAndSkips) {
  std::string xml = JunitReport(SamplePlatform(), "linux", SampleRows());
  EXPECT_EQ(0u, xml.find("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
  EXPECT_NE(std::string::npos, xml.find("tests=\"6\" failures=\"1\" errors=\"1\" skipped=\"1\""))
      << xml;
  EXPECT_EQ(6u, Count(xml, "<testcase "));
  EXPECT_EQ(6u, Count(xml, "</testcase>"));
  EXPECT_NE(std::string::npos,
            xml.find("<testcase classname=\"MMAP.ALIGN.OFFSET_EINVAL\" "
                     "name=\"MMAP.ALIGN.OFFSET_EINVAL@tmpfs\">\n      <failure type=\"FAIL\" "))
      << xml;
  // The failure's text: expected, observed, escaped, with the source.
  EXPECT_NE(std::string::npos,
            xml.find(">expected fails with EINVAL (Invalid argument); observed success: returned "
                     "0x7f00 | &quot;odd&quot;\n\nsource: POSIX.1-2017"))
      << xml;
  EXPECT_NE(std::string::npos, xml.find("<error type=\"BROKEN\"")) << xml;
  EXPECT_NE(std::string::npos, xml.find("killed by SIGABRT &lt;&amp;&gt;</error>")) << xml;
  EXPECT_NE(std::string::npos, xml.find("<skipped message=\"EPERM\"/>")) << xml;
  EXPECT_NE(std::string::npos, xml.find("<system-out>ALLOWED: expected success; observed variant"))
      << xml;
  EXPECT_NE(std::string::npos,
            xml.find("<property name=\"environment.seccomp\" value=\"seccomp filter (1 filter) "
                     "(/proc/self/status: Seccomp: 2)\"/>"))
      << xml;
  EXPECT_EQ(std::string::npos, xml.find("porter's")) << "apostrophes must be escaped";
  for (unsigned char c : xml) EXPECT_TRUE(c == '\n' || (c >= 0x20 && c < 0x7f)) << int(c);
  EXPECT_EQ(0u, xml.rfind("</testsuites>\n") + 14 - xml.size());
}

TEST(Ktap, VersionPlanOneNumberedResultPerRowAndDiagnostics) {
  std::vector<RowReport> rows = SampleRows();
  std::string out = KtapHeader(SamplePlatform(), "linux", rows.size());
  for (size_t i = 0; i < rows.size(); i++) out += KtapRow(i + 1, rows[i]);
  std::vector<std::string> lines;
  for (size_t start = 0, nl; (nl = out.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(out.substr(start, nl - start));
  }
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ("KTAP version 1", lines[0]);
  const std::regex result("(ok|not ok) ([0-9]+) ([A-Z_.]+@(disk|tmpfs|anon))( # SKIP .+)?");
  std::vector<std::string> verdicts;
  bool plan = false;
  for (size_t i = 1; i < lines.size(); i++) {
    std::smatch m;
    if (lines[i] == "1..6") {
      EXPECT_TRUE(verdicts.empty()) << "the plan comes before the results";
      plan = true;
    } else if (std::regex_match(lines[i], m, result)) {
      EXPECT_EQ(std::to_string(verdicts.size() + 1), m[2].str());
      EXPECT_EQ(rows[verdicts.size()].row.Key(), m[3].str());
      verdicts.push_back(m[1].str() + (m[5].matched ? " SKIP" : ""));
    } else {
      EXPECT_EQ(0u, lines[i].find("# ")) << "neither a result nor a diagnostic: " << lines[i];
    }
  }
  EXPECT_TRUE(plan);
  EXPECT_EQ((std::vector<std::string>{"ok", "not ok", "ok", "ok", "ok SKIP", "not ok"}), verdicts);
  EXPECT_NE(std::string::npos, out.find("# label: porter's box\n")) << out;
  EXPECT_NE(std::string::npos,
            out.find("# MMAP.EOF.TAIL_ZERO@disk: BROKEN (the check could not run)"));
  EXPECT_NE(std::string::npos,
            out.find("ok 5 MMAP.MODE.APPEND_ONLY_SHARED_WRITE_EACCES@disk # SKIP EPERM\n"));
  // A detail with a line break stays one diagnostic line.
  EXPECT_NE(std::string::npos, out.find("returned 0x7f00 | \"odd\" \n")) << out;
}

TEST(Options, ParsesEveryOptionInBothForms) {
  const char *argv[] = {"report",
                        "--only",
                        "MMAP.EOF.*",
                        "--only=*@tmpfs",
                        "--profile",
                        "posix",
                        "--dir=/d",
                        "--tmpfs-dir",
                        "/t",
                        "--json",
                        "r.json",
                        "--markdown=r.md",
                        "--timeout-ms",
                        "500",
                        "--list",
                        "--junit=r.xml",
                        "--ktap",
                        "--baseline",
                        "b.txt",
                        "--platform-label",
                        "qemu-user aarch64"};
  Options o;
  EXPECT_EQ("", ParseOptions(sizeof argv / sizeof *argv, argv, &o));
  EXPECT_EQ((std::vector<std::string>{"MMAP.EOF.*", "*@tmpfs"}), o.only);
  EXPECT_EQ("posix", o.profile);
  EXPECT_EQ("/d", o.dir);
  EXPECT_EQ("/t", o.tmpfs_dir);
  EXPECT_EQ("r.json", o.json);
  EXPECT_EQ("r.md", o.markdown);
  EXPECT_EQ(500, o.timeout_ms);
  EXPECT_TRUE(o.list);
  EXPECT_FALSE(o.help);
  EXPECT_EQ("r.xml", o.junit);
  EXPECT_TRUE(o.ktap);
  EXPECT_EQ("b.txt", o.baseline);
  EXPECT_EQ("qemu-user aarch64", o.platform_label);
  EXPECT_TRUE(o.compare.empty());
  const char *compare[] = {"report", "--compare", "a.json", "b.json"};
  Options c;
  EXPECT_EQ("", ParseOptions(4, compare, &c));
  EXPECT_EQ((std::vector<std::string>{"a.json", "b.json"}), c.compare);
}

TEST(Options, RejectsBadInput) {
  struct Case {
    std::vector<const char *> argv;
    const char *error;
  } cases[] = {
      {{"report", "--frobnicate"}, "unknown option: --frobnicate"},
      {{"report", "--json"}, "--json needs a value"},
      {{"report", "--dir="}, "--dir needs a non-empty value"},
      {{"report", "--timeout-ms", "soon"}, "--timeout-ms needs a number"},
      {{"report", "--timeout-ms", "0"}, "--timeout-ms needs a number"},
      {{"report", "--compare", "a.json"}, "--compare needs two JSON reports"},
      {{"report", "--compare=a.json", "b.json"}, "--compare needs two JSON reports"},
      {{"report", "--baseline"}, "--baseline needs a value"},
      {{"report", "--platform-label="}, "--platform-label needs a non-empty value"},
  };
  for (const Case &c : cases) {
    Options o;
    std::string error = ParseOptions(static_cast<int>(c.argv.size()), c.argv.data(), &o);
    EXPECT_EQ(0u, error.find(c.error)) << error;
  }
  Options help;
  const char *argv[] = {"report", "-h"};
  EXPECT_EQ("", ParseOptions(2, argv, &help));
  EXPECT_TRUE(help.help);
}

TEST(Options, OnlySelectsByIdOrKey) {
  Row disk{&Entry("MMAP.EOF.TAIL_ZERO"), Fs::kDisk};
  Row tmpfs{&Entry("MMAP.EOF.TAIL_ZERO"), Fs::kTmpfs};
  EXPECT_TRUE(Selected({}, disk));
  EXPECT_TRUE(Selected({"MMAP.EOF.*"}, disk));
  EXPECT_FALSE(Selected({"MMAP.ARGS.*"}, disk));
  EXPECT_TRUE(Selected({"MMAP.ARGS.*", "*@tmpfs"}, tmpfs));
  EXPECT_FALSE(Selected({"*@tmpfs"}, disk));
  EXPECT_TRUE(Selected({"MMAP.EOF.TAIL_ZERO@disk"}, disk));
}

TEST(Options, RelativePathsFollowBazelRun) {
  unsetenv("BUILD_WORKING_DIRECTORY");
  EXPECT_EQ("r.json", ResolvePath("r.json"));
  setenv("BUILD_WORKING_DIRECTORY", "/work", 1);
  EXPECT_EQ("/work/r.json", ResolvePath("r.json"));
  EXPECT_EQ("/abs/r.json", ResolvePath("/abs/r.json"));
  unsetenv("BUILD_WORKING_DIRECTORY");
}

}  // namespace
}  // namespace mk_conformance
