// Sparse sources: mk_copy_file keeps holes as holes (a 5 GiB file with 1 MiB
// of data stays about 1 MiB on disk) and copies data around and past the
// 4 GiB boundary exactly, with every strategy and with or without reserving.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "core/tests/copy_test_support.h"
#include "gtest/gtest.h"
#include "mmapkit/copy.h"

namespace mk_copy_testing {
namespace {

// 1 MiB of data in four pieces: at the start, across 4 GiB, at an unaligned
// offset past it, and up to the very end (no trailing hole).
std::vector<std::pair<uint64_t, std::string>> FourPieces(uint64_t size) {
  return {{0, Pattern(256 * kKiB, 1)},
          {4 * kGiB - 128 * kKiB, Pattern(256 * kKiB, 2)},
          {4 * kGiB + kGiB / 2 + 3, Pattern(256 * kKiB, 3)},
          {size - 256 * kKiB, Pattern(256 * kKiB, 4)}};
}

class CopySparseTest : public ::testing::TestWithParam<std::tuple<mk_copy_strategy, unsigned>> {};

TEST_P(CopySparseTest, FiveGiBWithOneMiBOfDataStaysSmallAndExact) {
  const uint64_t size = 5 * kGiB;
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(MakeSparseFile(src, size, FourPieces(size)));
  MK_SKIP_IF(AllocatedBytes(src) > 8 * kMiB);  // a file system without holes
  mk_copy_options options = Options(0, std::get<1>(GetParam()), std::get<0>(GetParam()));
  uint64_t copied = 0;

  ASSERT_THAT(mk_copy_file(src.c_str(), dst.c_str(), &options, &copied), ReturnsSuccess());
  EXPECT_EQ(copied, size);
  std::string why;
  EXPECT_TRUE(SameBytes(src, dst, &why)) << why;
  EXPECT_LE(AllocatedBytes(dst), AllocatedBytes(src) + 64 * kKiB)
      << "holes were filled: " << AllocatedBytes(dst) << " bytes allocated";
}

INSTANTIATE_TEST_SUITE_P(StrategiesWithAndWithoutReserve, CopySparseTest,
                         ::testing::Combine(::testing::Values(MK_COPY_MAP_BOTH,
                                                              MK_COPY_MAP_SRC_WRITE,
                                                              MK_COPY_MAP_DST_READ),
                                            ::testing::Values(0u, MK_COPY_NO_RESERVE)));

// One-page holes between data. With MK_COPY_ADV_HUGEPAGE on a destination
// window, a kernel that backs file mappings with large folios (ext4 since
// Linux 6.16) faults in one folio over the data pages around a hole, and
// write-back allocates the hole with them. The advice is a hint; it must not
// cost the holes. (Three extents: ext4 counts no extent-tree block yet.)
class CopySparseAdviceTest
    : public ::testing::TestWithParam<std::tuple<mk_copy_strategy, unsigned>> {};

TEST_P(CopySparseAdviceTest, OnePageHolesStayHolesUnderHugePageAdvice) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_TRUE(MakeSparseFile(
      src, 6 * kPage + 5,
      {{0, Pattern(2 * kPage, 1)}, {3 * kPage, Pattern(2 * kPage, 2)}, {6 * kPage, Pattern(5, 3)}}))
      << strerror(errno);
  MK_SKIP_IF(AllocatedBytes(src) > 5 * kPage);  // a file system without holes
  mk_copy_options options =
      Options(2 * kPage, MK_COPY_ADV_HUGEPAGE | std::get<1>(GetParam()), std::get<0>(GetParam()));

  ASSERT_THAT(mk_copy_file(src.c_str(), dst.c_str(), &options, nullptr), ReturnsSuccess());
  std::string why;
  EXPECT_TRUE(SameBytes(src, dst, &why)) << why;
  EXPECT_LE(AllocatedBytes(dst), AllocatedBytes(src))
      << "holes were filled: " << AllocatedBytes(dst) << " bytes allocated, the source "
      << AllocatedBytes(src);
}

INSTANTIATE_TEST_SUITE_P(StrategiesWithAndWithoutReserve, CopySparseAdviceTest,
                         ::testing::Combine(::testing::Values(MK_COPY_MAP_BOTH,
                                                              MK_COPY_MAP_SRC_WRITE,
                                                              MK_COPY_MAP_DST_READ),
                                            ::testing::Values(0u, MK_COPY_NO_RESERVE)));

TEST(CopySparse, AFileThatIsOneHoleCopiesAsOneHole) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(MakeSparseFile(src, kGiB + 1, {}));
  ASSERT_THAT(mk_copy_file(src.c_str(), dst.c_str(), nullptr, nullptr), ReturnsSuccess());
  std::string why;
  EXPECT_TRUE(SameBytes(src, dst, &why)) << why;
  EXPECT_EQ(AllocatedBytes(dst), 0u);
}

}  // namespace
}  // namespace mk_copy_testing
