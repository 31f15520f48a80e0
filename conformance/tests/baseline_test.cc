// --baseline: parsing the known-deviation file (every bad line named by
// file:line) and comparing a run with it (new, fixed, changed).
#include "conformance/report/baseline.h"

#include <cerrno>
#include <string>
#include <vector>

#include "conformance/catalog/catalog.h"
#include "conformance/posix/fixtures.h"
#include "conformance/tests/judged_rows.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

std::string Parse(const std::string &text, Baseline *baseline) {
  return ParseBaseline(text, "b.txt", RowsOf(Catalog()), baseline);
}

TEST(ParseBaseline, ReadsEntriesSkippingCommentsAndBlankLines) {
  Baseline b;
  ASSERT_EQ("", Parse("# valgrind 3.19\n"
                      "\n"
                      "   # indented comment\n"
                      "MMAP.ALIGN.HINT_UNALIGNED_OK@anon FAIL  valgrind refuses unaligned hints  \n"
                      "\tMMAP.EOF.TAIL_STORES_AFTER_GROW@tmpfs\tALLOWED tmpfs keeps stores\r\n"
                      "MMAP.MODE.APPEND_ONLY_PRIVATE_OK@disk SKIP no CAP_LINUX_IMMUTABLE # here\n",
                      &b));
  ASSERT_EQ(3u, b.entries.size());
  EXPECT_EQ("b.txt", b.path);
  EXPECT_EQ("MMAP.ALIGN.HINT_UNALIGNED_OK@anon", b.entries[0].key);
  EXPECT_EQ(Result::kFail, b.entries[0].result);
  EXPECT_EQ("valgrind refuses unaligned hints", b.entries[0].reason);
  EXPECT_EQ(4, b.entries[0].line);
  EXPECT_EQ(Result::kAllowed, b.entries[1].result);
  EXPECT_EQ("tmpfs keeps stores", b.entries[1].reason);
  EXPECT_EQ(Result::kSkip, b.entries[2].result);
  EXPECT_EQ("no CAP_LINUX_IMMUTABLE # here",
            b.entries[2].reason);  // '#' only starts a line comment
  ASSERT_EQ("", Parse("MMAP.EOF.TAIL_ZERO@disk BROKEN setup fails here\n", &b));
  EXPECT_EQ(Result::kBroken, b.entries[0].result);
  ASSERT_EQ("", Parse("", &b));
  EXPECT_TRUE(b.entries.empty());
}

TEST(ParseBaseline, NamesFileLineAndProblemAndKeepsTheOldBaseline) {
  struct Case {
    const char *text;
    const char *error;
  } cases[] = {
      {"MMAP.NO.SUCH@disk FAIL x\n", "b.txt:1: unknown key MMAP.NO.SUCH@disk"},
      {"\n\nMMAP.ALIGN.OFFSET_EINVAL@anon FAIL x\n",
       "b.txt:3: unknown key MMAP.ALIGN.OFFSET_EINVAL@anon"},
      {"MMAP.ALIGN.OFFSET_EINVAL FAIL x\n", "b.txt:1: \"MMAP.ALIGN.OFFSET_EINVAL\" is not a key"},
      {"MMAP.ALIGN.OFFSET_EINVAL@disk FAILED x\n",
       "b.txt:1: MMAP.ALIGN.OFFSET_EINVAL@disk: result \"FAILED\""},
      {"MMAP.ALIGN.OFFSET_EINVAL@disk PASS fine\n",
       "b.txt:1: MMAP.ALIGN.OFFSET_EINVAL@disk: PASS is not a deviation"},
      {"MMAP.ALIGN.OFFSET_EINVAL@disk FAIL\n",
       "b.txt:1: MMAP.ALIGN.OFFSET_EINVAL@disk FAIL: the reason is missing"},
      {"MMAP.ALIGN.OFFSET_EINVAL@disk FAIL   \n",
       "b.txt:1: MMAP.ALIGN.OFFSET_EINVAL@disk FAIL: the reason is missing"},
      {"MMAP.ALIGN.OFFSET_EINVAL@disk\n", "b.txt:1: MMAP.ALIGN.OFFSET_EINVAL@disk: result \"\""},
      {"MMAP.ALIGN.OFFSET_EINVAL@disk FAIL a\n# x\nMMAP.ALIGN.OFFSET_EINVAL@disk SKIP b\n",
       "b.txt:3: MMAP.ALIGN.OFFSET_EINVAL@disk is listed twice (first on line 1)"},
  };
  for (const Case &c : cases) {
    Baseline b;
    b.path = "untouched";
    std::string error = Parse(c.text, &b);
    EXPECT_EQ(0u, error.find(c.error)) << error;
    EXPECT_EQ("untouched", b.path) << "a bad baseline must leave nothing half-read";
  }
}

TEST(LoadBaseline, SaysWhyAFileCannotBeRead) {
  Baseline b;
  std::string error = LoadBaseline("/nonexistent/b.txt", RowsOf(Catalog()), &b);
  EXPECT_EQ("cannot read the baseline /nonexistent/b.txt: No such file or directory", error);
  mk_posix::TempFile file("MMAP.EOF.TAIL_ZERO@tmpfs FAIL known\n");
  EXPECT_EQ("", LoadBaseline(file.path(), RowsOf(Catalog()), &b));
  ASSERT_EQ(1u, b.entries.size());
}

RowReport Result_(const char *id, Fs fs, Result result) {
  RowReport r{Row{&Entry(id), fs}, Observation(), Verdict()};
  r.verdict.result = result;
  r.verdict.expected = "fails with EINVAL (Invalid argument)";
  r.verdict.observed = "success";
  r.verdict.detail = "mmap(offset=2048)";
  return r;
}

TEST(CheckBaseline, MatchesExactlyTheListedDeviations) {
  Baseline b;
  ASSERT_EQ("", Parse("MMAP.ALIGN.OFFSET_EINVAL@disk FAIL known\n"
                      "MMAP.EOF.TAIL_ZERO@tmpfs SKIP no tmpfs\n"
                      "MMAP.ARGS.LENGTH_ZERO_EINVAL@anon FAIL not run here\n",
                      &b));
  std::vector<RowReport> run = {Result_("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, Result::kFail),
                                Result_("MMAP.ALIGN.OFFSET_EINVAL", Fs::kTmpfs, Result::kPass),
                                Result_("MMAP.EOF.TAIL_ZERO", Fs::kTmpfs, Result::kSkip)};
  BaselineCheck check = CheckBaseline(b, run);
  EXPECT_TRUE(check.matches);
  EXPECT_EQ(2, check.known);
  EXPECT_EQ(1, check.not_run);
  ASSERT_EQ(1u, check.lines.size());
  EXPECT_EQ("baseline b.txt: matches (2 known deviations); 1 listed rows not run here (--only)",
            check.lines[0]);
}

TEST(CheckBaseline, ReportsNewFixedAndChanged) {
  Baseline b;
  ASSERT_EQ("", Parse("MMAP.ALIGN.OFFSET_EINVAL@disk FAIL known\n"
                      "MMAP.EOF.TAIL_ZERO@tmpfs SKIP no tmpfs\n",
                      &b));
  std::vector<RowReport> run = {Result_("MMAP.ALIGN.OFFSET_EINVAL", Fs::kDisk, Result::kPass),
                                Result_("MMAP.ALIGN.OFFSET_EINVAL", Fs::kTmpfs, Result::kFail),
                                Result_("MMAP.EOF.TAIL_ZERO", Fs::kTmpfs, Result::kBroken)};
  BaselineCheck check = CheckBaseline(b, run);
  EXPECT_FALSE(check.matches);
  ASSERT_EQ(4u, check.lines.size());
  EXPECT_EQ(
      "FIXED   MMAP.ALIGN.OFFSET_EINVAL@disk passes now (b.txt:1 says FAIL): fixed: remove "
      "from the baseline",
      check.lines[0]);
  EXPECT_EQ(
      "NEW     MMAP.ALIGN.OFFSET_EINVAL@tmpfs FAIL: expected fails with EINVAL (Invalid "
      "argument); observed success: mmap(offset=2048) (not in the baseline)",
      check.lines[1]);
  EXPECT_EQ(
      "CHANGED MMAP.EOF.TAIL_ZERO@tmpfs is BROKEN, b.txt:2 says SKIP (no tmpfs): observed "
      "success: mmap(offset=2048)",
      check.lines[2]);
  EXPECT_EQ("baseline b.txt: differs: 1 new, 1 fixed, 1 changed (0 known deviations as listed)",
            check.lines[3]);
  // Any one of them alone is a mismatch.
  for (size_t i = 0; i < run.size(); i++) {
    std::vector<RowReport> one = {run[i]};
    EXPECT_FALSE(CheckBaseline(b, one).matches) << run[i].row.Key();
  }
}

TEST(CheckBaseline, AnEmptyBaselineMeansNoDeviationAtAll) {
  Baseline b;
  ASSERT_EQ("", Parse("# nothing known\n", &b));
  EXPECT_TRUE(CheckBaseline(b, {Result_("MMAP.EOF.TAIL_ZERO", Fs::kDisk, Result::kPass)}).matches);
  EXPECT_FALSE(
      CheckBaseline(b, {Result_("MMAP.EOF.TAIL_ZERO", Fs::kDisk, Result::kAllowed)}).matches);
}

}  // namespace
}  // namespace mk_conformance
