// Tests of mmapkit/util.h: page size, overflow-checked alignment, error text.
#include "mmapkit/util.h"

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"

namespace {

TEST(PageSize, MatchesSysconfAndIsPowerOfTwo) {
  size_t page = mk_page_size();
  EXPECT_EQ(static_cast<size_t>(sysconf(_SC_PAGESIZE)), page);
  EXPECT_EQ(0u, page & (page - 1)) << page << " is not a power of two";
}

TEST(AlignDown, RoundsToMultiple) {
  uint64_t out = 1;
  ASSERT_EQ(0, mk_align_down(0, 4096, &out));
  EXPECT_EQ(0u, out);
  ASSERT_EQ(0, mk_align_down(4095, 4096, &out));
  EXPECT_EQ(0u, out);
  ASSERT_EQ(0, mk_align_down(4097, 4096, &out));
  EXPECT_EQ(4096u, out);
  ASSERT_EQ(0, mk_align_down(UINT64_MAX, 4096, &out));
  EXPECT_EQ(UINT64_MAX - 4095, out);
}

TEST(AlignUp, RoundsToMultiple) {
  uint64_t out = 1;
  ASSERT_EQ(0, mk_align_up(0, 4096, &out));
  EXPECT_EQ(0u, out);
  ASSERT_EQ(0, mk_align_up(1, 4096, &out));
  EXPECT_EQ(4096u, out);
  ASSERT_EQ(0, mk_align_up(4096, 4096, &out));
  EXPECT_EQ(4096u, out);
  ASSERT_EQ(0, mk_align_up(UINT64_MAX - 4095, 4096, &out));
  EXPECT_EQ(UINT64_MAX - 4095, out);
}

TEST(AlignUp, OverflowIsAnErrorAndLeavesOutAlone) {
  uint64_t out = 7;
  EXPECT_EQ(-EOVERFLOW, mk_align_up(UINT64_MAX - 4094, 4096, &out));
  EXPECT_EQ(7u, out);
}

TEST(Align, RejectsAlignmentThatIsNotAPowerOfTwo) {
  uint64_t out = 7;
  EXPECT_EQ(-EINVAL, mk_align_down(10, 0, &out));
  EXPECT_EQ(-EINVAL, mk_align_down(10, 3, &out));
  EXPECT_EQ(-EINVAL, mk_align_up(10, 0, &out));
  EXPECT_EQ(-EINVAL, mk_align_up(10, 4095, &out));
  EXPECT_EQ(7u, out);
}

TEST(AddChecked, DetectsOverflowAndLimit) {
  uint64_t out = 0;
  ASSERT_EQ(0, mk_add_checked(1, 2, UINT64_MAX, &out));
  EXPECT_EQ(3u, out);
  EXPECT_EQ(-EOVERFLOW, mk_add_checked(UINT64_MAX, 1, UINT64_MAX, &out));
  EXPECT_EQ(-EOVERFLOW, mk_add_checked(INT64_MAX, 1, INT64_MAX, &out));
  ASSERT_EQ(0, mk_add_checked(INT64_MAX - 1, 1, INT64_MAX, &out));
  EXPECT_EQ(static_cast<uint64_t>(INT64_MAX), out);
}

TEST(ErrorText, AcceptsNegativeAndPositiveErrno) {
  EXPECT_STREQ(strerror(EACCES), mk_strerror(-EACCES));
  EXPECT_STREQ(strerror(EACCES), mk_strerror(EACCES));
  EXPECT_STREQ("Success", mk_strerror(0));
  EXPECT_NE(nullptr, mk_strerror(-99999));
}

TEST(ErrorName, NamesKnownErrnos) {
  EXPECT_STREQ("EACCES", mk_errno_name(-EACCES));
  EXPECT_STREQ("ENODEV", mk_errno_name(ENODEV));
  EXPECT_EQ(nullptr, mk_errno_name(99999));
}

}  // namespace
