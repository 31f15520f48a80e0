// The googletests generated from the catalog: one test per catalog row, named
// after its ID and file system (Catalog/CatalogRow.Holds/MMAP_ALIGN_OFFSET_EINVAL_disk),
// judged by this machine's profile exactly as the report judges it.
#include <iostream>
#include <string>

#include "conformance/catalog/catalog.h"
#include "conformance/profile/profile.h"
#include "conformance/run/environment.h"
#include "conformance/run/fs_dirs.h"
#include "conformance/run/runner.h"
#include "gtest/gtest.h"

namespace mk_conformance {

// googletest prints a row parameter as its key, not as bytes.
void PrintTo(const Row &row, std::ostream *os) {
  *os << row.Key();
}

namespace {

std::string RowTestName(const ::testing::TestParamInfo<Row> &info) {
  std::string name = info.param.entry->id;
  for (char &c : name) {
    if (c == '.') c = '_';
  }
  return name + "_" + FsName(info.param.fs);
}

class CatalogRow : public ::testing::TestWithParam<Row> {};

TEST_P(CatalogRow, Holds) {
  const Row &row = GetParam();
  const Profile *profile = FindProfile(DetectedProfileName());
  ASSERT_NE(nullptr, profile);
  RunConfig config;
  config.dirs = DefaultFsDirs();
  Observation observed = RunRowInProcess(row, config);
  // Judged like the report: with the environment the process runs in.
  static const PlatformFacts facts = FactsOf(DetectEnvironment());
  Verdict v = Evaluate(row, observed, *profile, facts);
  const std::string what = row.Key() + ": " + row.entry->statement;
  switch (v.result) {
    case Result::kSkip:
      GTEST_SKIP() << what << "\n  skipped: " << v.detail;
    case Result::kFail:
      ADD_FAILURE() << what << "\n  expected: " << v.expected << "\n  observed: " << v.observed
                    << (v.detail.empty() ? "" : ": " + v.detail)
                    << "\n  source:   " << row.entry->source << " <" << row.entry->url << ">";
      break;
    case Result::kBroken:
      ADD_FAILURE() << what << "\n  BROKEN: the check could not run (not a verdict on the "
                    << "platform): " << v.observed << (v.detail.empty() ? "" : ": " + v.detail);
      break;
    case Result::kAllowed:
      RecordProperty("allowed", v.detail);
      std::cout << "[ ALLOWED  ] " << row.Key() << ": " << v.observed << ": " << v.detail << "\n";
      break;
    case Result::kPass:
      break;
  }
}

INSTANTIATE_TEST_SUITE_P(Catalog, CatalogRow, ::testing::ValuesIn(RowsOf(Catalog())), RowTestName);

}  // namespace
}  // namespace mk_conformance
