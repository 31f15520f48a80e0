// The report's command line and its three renderings: summary line, text
// rows, JSON (valid, documented schema, escaped) and Markdown.
#include <signal.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/profile/profile.h"
#include "conformance/report/options.h"
#include "conformance/report/output.h"
#include "conformance/tests/json_reader.h"
#include "conformance/tests/report_schema.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

const CatalogEntry &Entry(const char *id) {
  for (const CatalogEntry &e : Catalog()) {
    if (std::string(e.id) == id) return e;
  }
  ADD_FAILURE() << id;
  return Catalog()[0];
}

RowReport Report(const char *id, Fs fs, const Observation &o) {
  Row row{&Entry(id), fs};
  return RowReport{row, o, Evaluate(row, o, *FindProfile("linux"))};
}

std::vector<RowReport> SampleRows() {
  return {
      Report("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, FailedWithErrno(EINVAL, "mmap(offset=2048)")),
      Report("MMAP.ALIGN.OFFSET_EINVAL", Fs::kTmpfs, Success("returned 0x7f00 | \"odd\"\n")),
      Report("MMAP.EOF.PAST_EOF_LOAD_SIGBUS", Fs::kDisk,
             KilledBySignal(SIGBUS, BUS_ADRERR, "load")),
      Report("MMAP.EOF.TAIL_STORES_AFTER_GROW", Fs::kTmpfs, Variant("stores-reappear", "x")),
      Report("MMAP.MODE.APPEND_ONLY_SHARED_WRITE_EACCES", Fs::kDisk, Skipped("EPERM")),
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
  return p;
}

TEST(Summary, CountsAndLineFormat) {
  Summary s = Summarize(SampleRows());
  EXPECT_EQ(2, s.passed);
  EXPECT_EQ(1, s.failed);
  EXPECT_EQ(1, s.allowed);
  EXPECT_EQ(1, s.skipped);
  EXPECT_EQ("2 passed, 1 failed, 1 allowed, 1 skipped", SummaryLine(s));
}

TEST(Json, StringsAreEscaped) {
  EXPECT_EQ("\"a\\\"b\\\\c\\nd\\u0001\\u00ff\"", JsonString("a\"b\\c\nd\x01\xff"));
}

TEST(Json, ReportFollowsTheSchema) {
  std::string text = JsonReport(SamplePlatform(), "linux", SampleRows());
  JsonValue doc = ExpectValidReport(text);
  ASSERT_EQ(5u, doc["results"].array.size());
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
}

TEST(Json, EmptyReportIsValid) {
  ExpectValidReport(JsonReport(SamplePlatform(), "posix", {}));
}

TEST(Markdown, LinksIdsAndEscapesCells) {
  std::string md = MarkdownReport(SamplePlatform(), "linux", SampleRows());
  EXPECT_NE(std::string::npos, md.find("**2 passed, 1 failed, 1 allowed, 1 skipped**"));
  EXPECT_NE(std::string::npos,
            md.find("| FAIL | [MMAP.ALIGN.OFFSET_EINVAL](" +
                    std::string(Entry("MMAP.ALIGN.OFFSET_EINVAL").url) + ") | tmpfs | posix |"))
      << md;
  EXPECT_NE(std::string::npos, md.find("returned 0x7f00 \\| \"odd\"  |")) << md;
  size_t rows = 0;
  for (size_t pos = 0; (pos = md.find("\n| ", pos)) != std::string::npos; pos++) rows++;
  EXPECT_EQ(1u + 5u, rows);  // header + one per result
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

TEST(Options, ParsesEveryOptionInBothForms) {
  const char *argv[] = {"report",       "--only", "MMAP.EOF.*", "--only=*@tmpfs",
                        "--profile",    "posix",  "--dir=/d",   "--tmpfs-dir",
                        "/t",           "--json", "r.json",     "--markdown=r.md",
                        "--timeout-ms", "500",    "--list"};
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
