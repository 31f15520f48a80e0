// The platform matrix: reports side by side, the rows that differ, columns
// without results (not run, unreadable, another catalog version) named with
// why, and both renderings.
#include "conformance/report/matrix.h"

#include <signal.h>

#include <cerrno>
#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/report/output.h"
#include "conformance/posix/fixtures.h"
#include "conformance/tests/judged_rows.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

using mk_posix::TempFile;

std::string Json(const std::string &release, const std::string &disk_fs,
                 const std::vector<RowReport> &rows) {
  PlatformInfo p;
  p.sysname = "Linux";
  p.release = release;
  p.machine = "x86_64";
  p.page_size = 4096;
  p.disk_fs = disk_fs;
  if (disk_fs == "fuse") p.disk_shared_refused = "mmap(MAP_SHARED) of a file in /x: ENODEV";
  return JsonReport(p, "linux", rows);
}

// Three rows of the catalog, and the matrix's view of a few platforms.
class MatrixTest : public ::testing::Test {
 protected:
  const Observation kEinval = FailedWithErrno(EINVAL, "mmap(offset=2048)");
  const std::vector<Row> rows_ = {Row{&Entry("MMAP.ALIGN.OFFSET_EINVAL"), Fs::kDisk},
                                  Row{&Entry("MMAP.EOF.TAIL_ZERO"), Fs::kDisk},
                                  Row{&Entry("MMAP.SHARED.PERSISTS"), Fs::kDisk}};
  TempFile ext4_{Json("6.1", "ext4",
                      {Report("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, kEinval),
                       Report("MMAP.EOF.TAIL_ZERO", Fs::kDisk, Success()),
                       Report("MMAP.SHARED.PERSISTS", Fs::kDisk, Success())})};
  // FUSE with direct_io: <MAP_SHARED> refused; the offset row not run (--only).
  TempFile fuse_{Json("6.12", "fuse",
                      {Report("MMAP.EOF.TAIL_ZERO", Fs::kDisk, Success()),
                       Report("MMAP.SHARED.PERSISTS", Fs::kDisk,
                              FailedWithErrno(ENODEV, "mmap(MAP_SHARED) <of a & file>"))})};
};

TEST_F(MatrixTest, RowsDifferWhenPlatformsThatRanThemDisagree) {
  Matrix m = BuildMatrix({{"ext4", ext4_.path(), ""}, {"fuse", fuse_.path(), ""}}, rows_,
                         CatalogVersion());
  ASSERT_EQ(2u, m.columns.size());
  EXPECT_TRUE(m.problems.empty());
  ASSERT_EQ(3u, m.rows.size());
  EXPECT_EQ("MMAP.ALIGN.OFFSET_EINVAL@disk", m.rows[0].key);
  // Only one platform ran it: nothing to disagree with.
  EXPECT_FALSE(m.rows[0].differs);
  EXPECT_TRUE(m.rows[0].cells[0].ran);
  EXPECT_FALSE(m.rows[0].cells[1].ran);
  EXPECT_FALSE(m.rows[1].differs);
  EXPECT_TRUE(m.rows[2].differs);
  EXPECT_EQ("PASS", m.rows[2].cells[0].row.result);
  EXPECT_EQ("FAIL", m.rows[2].cells[1].row.result);
  EXPECT_EQ("fails with ENODEV (No such device)", m.rows[2].cells[1].row.observed);
  EXPECT_EQ(1, m.differing);
  EXPECT_EQ(3, m.columns[0].counts[0]);  // PASS
  EXPECT_EQ(1, m.columns[1].counts[1]);  // FAIL
}

TEST_F(MatrixTest, SameResultOtherObservationDiffers) {
  Row sigbus{&Entry("MMAP.EOF.PAST_EOF_LOAD_SIGBUS"), Fs::kDisk};
  TempFile a(Json("6.1", "ext4", {Report(sigbus.entry->id, Fs::kDisk, Success())}));
  TempFile b(Json("6.1", "xfs", {Report(sigbus.entry->id, Fs::kDisk, Success("other"))}));
  TempFile c(Json("6.1", "xfs",
                  {Report(sigbus.entry->id, Fs::kDisk, KilledBySignal(SIGSEGV, SEGV_MAPERR))}));
  EXPECT_FALSE(BuildMatrix({{"a", a.path(), ""}, {"b", b.path(), ""}}, {sigbus}, CatalogVersion())
                   .rows[0]
                   .differs);  // the detail alone is not a difference
  Matrix m = BuildMatrix({{"a", a.path(), ""}, {"c", c.path(), ""}}, {sigbus}, CatalogVersion());
  EXPECT_TRUE(m.rows[0].differs);
}

TEST_F(MatrixTest, PlatformsWithoutResultsAreColumnsSayingWhy) {
  std::string other = Json("6.1", "ext4", {Report("MMAP.EOF.TAIL_ZERO", Fs::kDisk, Success())});
  other.replace(other.find(CatalogVersion()), CatalogVersion().size(), "fnv1a64:0000000000000000");
  TempFile other_catalog(other);
  TempFile not_json("{\"schema\": 1,");
  Matrix m = BuildMatrix({{"ext4", ext4_.path(), ""},
                          {"old", other_catalog.path(), ""},
                          {"broken", not_json.path(), ""},
                          {"gone", "/nonexistent/r.json", ""},
                          {"zfs", "", "unknown --fs 'zfs'"}},
                         rows_, CatalogVersion());
  ASSERT_EQ(5u, m.columns.size());
  EXPECT_EQ("", m.columns[0].not_run);
  EXPECT_EQ(other_catalog.path() + " was written with catalog fnv1a64:0000000000000000, this " +
                "matrix shows catalog " + CatalogVersion() + ": run the platform with this mmapkit",
            m.columns[1].not_run);
  EXPECT_EQ(0u, m.columns[2].not_run.find(not_json.path() + " is not valid JSON"))
      << m.columns[2].not_run;
  EXPECT_EQ("cannot read /nonexistent/r.json: No such file or directory", m.columns[3].not_run);
  EXPECT_EQ("unknown --fs 'zfs'", m.columns[4].not_run);
  ASSERT_EQ(4u, m.problems.size());
  EXPECT_EQ("zfs: unknown --fs 'zfs'", m.problems[3]);
  for (const MatrixRow &row : m.rows) {
    EXPECT_TRUE(row.cells[0].ran);
    for (size_t i = 1; i < row.cells.size(); i++) EXPECT_FALSE(row.cells[i].ran) << row.key;
    EXPECT_FALSE(row.differs) << row.key;
  }
}

TEST_F(MatrixTest, HtmlIsOnePageWithEverythingInIt) {
  Matrix m = BuildMatrix(
      {{"ext4", ext4_.path(), ""}, {"fuse", fuse_.path(), ""}, {"zfs", "", "no <zfs> & more"}},
      rows_, CatalogVersion());
  std::string html = MatrixHtml(m, "a <title>");
  EXPECT_EQ(0u, html.find("<!DOCTYPE html>"));
  // Self-contained: no script, style, image or font from elsewhere.
  for (const char *remote : {"src=", "href=", "<link", "@import", "url(", "http://", "https://"}) {
    EXPECT_EQ(std::string::npos, html.find(remote)) << remote;
  }
  EXPECT_NE(std::string::npos, html.find("<h1>a &lt;title&gt;</h1>"));
  EXPECT_NE(std::string::npos, html.find("id=\"differ\" checked> only rows that differ (1 of 3)"));
  // The differing row is marked for the filter; the others are not.
  EXPECT_NE(std::string::npos, html.find("<tr class=\"differs\"><th class=\"key\" "
                                         "data-key=\"MMAP.SHARED.PERSISTS@disk\""));
  EXPECT_NE(std::string::npos,
            html.find("<tr class=\"same\"><th class=\"key\" data-key=\"MMAP.EOF.TAIL_ZERO@disk\""));
  // A cell: coloured by its result, its detail escaped in the tooltip.
  EXPECT_NE(std::string::npos,
            html.find("data-result=\"FAIL\" title=\"expected: success\nobserved: fails with ENODEV "
                      "(No such device): mmap(MAP_SHARED) &lt;of a &amp; file&gt;\">FAIL</td>"));
  // The platform header: kernel, arch and page size, file system and its limit.
  EXPECT_NE(std::string::npos, html.find("x86_64<br>4 KiB pages"));
  EXPECT_NE(std::string::npos,
            html.find("<b>fuse</b><br><span class=\"refused\" title=\"mmap(MAP_SHARED) of a file "
                      "in /x: ENODEV\">no<br>MAP_SHARED</span>"));
  // The column that did not run, and why, in its header and at the top.
  EXPECT_NE(std::string::npos, html.find("<b>not run:</b> no &lt;zfs&gt; &amp; more"));
  EXPECT_NE(std::string::npos, html.find("<div>zfs: no &lt;zfs&gt; &amp; more</div>"));
  EXPECT_NE(std::string::npos, html.find("title=\"this platform&apos;s report has no such row\""));
}

// Narrow columns break names and kernel releases after their dashes and pluses only:
// a version ("6.12") or an architecture ("x86_64") is never cut in two.
TEST_F(MatrixTest, HtmlBreaksHeadersOnlyBetweenWords) {
  TempFile debian{Json("6.12.117+deb12-amd64", "ext4", {})};
  Matrix m = BuildMatrix({{"qemu-6.12-x86_64", debian.path(), ""}}, rows_, CatalogVersion());
  std::string html = MatrixHtml(m, "t");
  EXPECT_NE(std::string::npos, html.find(">qemu-<wbr>6.12-<wbr>x86_64</th>"));
  EXPECT_NE(std::string::npos, html.find("6.12.117+<wbr>deb12-<wbr>amd64"));
}

TEST_F(MatrixTest, MarkdownListsPlatformsAndOnlyTheRowsThatDiffer) {
  Matrix m = BuildMatrix(
      {{"ext4", ext4_.path(), ""}, {"fuse", fuse_.path(), ""}, {"zfs", "", "unknown | fs"}}, rows_,
      CatalogVersion());
  EXPECT_EQ("# matrix\n\n3 platforms (2 ran), 1 of 3 rows differ; catalog `" + CatalogVersion() +
                "`.\n\n"
                "## Platforms\n\n"
                "| platform | kernel | arch | page size | disk rows on | environment | results |\n"
                "|---|---|---|---|---|---|---|\n"
                "| ext4 | Linux 6.1 | x86_64 | 4096 | ext4 |  | 3 PASS |\n"
                "| fuse | Linux 6.12 | x86_64 | 4096 | fuse (no MAP_SHARED) |  | 1 PASS, 1 FAIL |\n"
                "| zfs | | | | | | not run |\n"
                "\n## Rows that differ\n\n"
                "| key | ext4 | fuse |\n"
                "|---|---|---|\n"
                "| `MMAP.SHARED.PERSISTS@disk` | PASS | FAIL |\n"
                "\n## Not run\n\n"
                "- zfs: unknown \\| fs\n",
            MatrixMarkdown(m, "matrix"));
}

}  // namespace
}  // namespace mk_conformance
