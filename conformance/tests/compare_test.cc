// --compare A.json B.json: the rows that differ between two reports, and a
// clear error for anything that is not a report of this catalog version.
#include "conformance/report/compare.h"

#include <signal.h>

#include <cerrno>
#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/profile/profile.h"
#include "conformance/report/output.h"
#include "conformance/posix/fixtures.h"
#include "conformance/tests/judged_rows.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

std::string Json(const std::string &release, const std::vector<RowReport> &rows) {
  PlatformInfo p;
  p.sysname = "Linux";
  p.release = release;
  p.machine = "x86_64";
  p.environment.findings = {{"valgrind", "valgrind", "client request"}};
  return JsonReport(p, "linux", rows);
}

const Observation kEinval = FailedWithErrno(EINVAL, "mmap(offset=2048)");

TEST(Compare, ListsTheRowsThatDifferAndThoseOnlyOneRan) {
  std::string a = Json("6.1", {Report("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, kEinval),
                               Report("MMAP.ALIGN.OFFSET_EINVAL", Fs::kTmpfs, kEinval),
                               Report("MMAP.EOF.TAIL_ZERO", Fs::kDisk, Success())});
  std::string b = Json("6.12", {Report("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, kEinval),
                                Report("MMAP.ALIGN.OFFSET_EINVAL", Fs::kTmpfs, Success("0x7f00")),
                                Report("MMAP.EOF.TAIL_ZERO", Fs::kTmpfs, Success())});
  Comparison c = CompareReports("a.json", a, "b.json", b);
  ASSERT_EQ("", c.error);
  EXPECT_EQ(1, c.differing);
  EXPECT_EQ(1, c.only_a);
  EXPECT_EQ(1, c.only_b);
  EXPECT_EQ(
      "A: a.json: Linux 6.1 x86_64, valgrind, profile linux\n"
      "B: b.json: Linux 6.12 x86_64, valgrind, profile linux\n"
      "\n"
      "MMAP.ALIGN.OFFSET_EINVAL@tmpfs  PASS -> FAIL\n"
      "    A: PASS, observed fails with EINVAL (Invalid argument): mmap(offset=2048)\n"
      "    B: FAIL, observed success: 0x7f00\n"
      "MMAP.EOF.TAIL_ZERO@disk  only in A (PASS)\n"
      "MMAP.EOF.TAIL_ZERO@tmpfs  only in B (PASS)\n"
      "\n"
      "1 of 2 rows differ; 1 only in A, 1 only in B\n",
      c.text);
}

TEST(Compare, SameResultOtherObservationDiffers) {
  // ALLOWED both times, but for a different reason: a porter wants to see it.
  Row row{&Entry("MMAP.EOF.PAST_EOF_LOAD_SIGBUS"), Fs::kDisk};
  std::string a =
      Json("6.1", {Report(row.entry->id, Fs::kDisk, KilledBySignal(SIGBUS, BUS_ADRERR))});
  std::string b =
      Json("6.1", {Report(row.entry->id, Fs::kDisk, KilledBySignal(SIGBUS, BUS_OBJERR))});
  Comparison c = CompareReports("a.json", a, "b.json", b);
  ASSERT_EQ("", c.error);
  EXPECT_EQ(1, c.differing) << c.text;
  Comparison same = CompareReports("a.json", a, "c.json", a);
  EXPECT_EQ(0, same.differing);
  EXPECT_NE(std::string::npos, same.text.find("0 of 1 rows differ; 0 only in A, 0 only in B"));
}

TEST(Compare, RefusesWhatIsNotAReportOfThisCatalogVersion) {
  std::string good = Json("6.1", {Report("MMAP.EOF.TAIL_ZERO", Fs::kDisk, Success())});
  std::string other_catalog = good;
  size_t at = other_catalog.find(CatalogVersion());
  ASSERT_NE(std::string::npos, at);
  other_catalog.replace(at, CatalogVersion().size(), "fnv1a64:0000000000000000");
  std::string old = good;
  old.replace(old.find("\"catalog\""), 9, "\"catalogue\"");
  struct Case {
    std::string text;
    std::string error;
  } cases[] = {
      {other_catalog, "a.json was written with catalog " + CatalogVersion() +
                          ", b.json with fnv1a64:0000000000000000: rows of different catalog "
                          "versions do not compare"},
      {old, "b.json does not name its catalog version (written by an older report)"},
      {"{\"schema\": 2, \"results\": []}", "b.json has report schema 2"},
      {"{\"results\": []}", "b.json is not an mmapkit conformance report"},
      {"[1, 2]", "b.json is not an mmapkit conformance report"},
      {"{\"schema\": 1,", "b.json is not valid JSON: expected a key at offset 13"},
      {std::string(100000, '['), "b.json is not valid JSON: nested deeper than 64"},
      {"", "b.json is not valid JSON"},
  };
  for (const Case &c : cases) {
    Comparison got = CompareReports("a.json", good, "b.json", c.text);
    EXPECT_NE(std::string::npos, got.error.find(c.error)) << got.error;
    EXPECT_EQ("", got.text);
  }
  // The first file is named when it is the bad one.
  EXPECT_EQ(
      0u, CompareReports("a.json", "nope", "b.json", good).error.find("a.json is not valid JSON"));
}

TEST(Compare, NamesAFileThatCannotBeRead) {
  mk_posix::TempFile a(Json("6.1", {}));
  Comparison c = CompareReportFiles(a.path(), "/nonexistent/b.json");
  EXPECT_EQ("cannot read /nonexistent/b.json: No such file or directory", c.error);
}

}  // namespace
}  // namespace mk_conformance
