// mk_copy_range: byte-exact copies for every size class, unaligned offsets
// that leave the bytes around the range alone, every strategy and flag, each
// documented errno (checked to change nothing), offsets past 4 GiB, copies
// across file systems, progress and cancel.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "core/tests/copy_test_support.h"
#include "gtest/gtest.h"
#include "mmapkit/copy.h"
#include "mmapkit/util.h"

namespace mk_copy_testing {
namespace {

// --- sizes -------------------------------------------------------------------

// (bytes, window): every size class of the issue, for the default window and
// a small one (so "several windows" stays cheap).
class CopyRangeSizeTest : public ::testing::TestWithParam<std::tuple<uint64_t, size_t>> {};

TEST_P(CopyRangeSizeTest, CopiesExactlyTheSourceBytes) {
  const uint64_t size = std::get<0>(GetParam());
  const size_t window = std::get<1>(GetParam());
  const std::string data = Pattern(size, 1);
  TempFile src(data), dst;
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  mk_copy_options options = Options(window);

  ASSERT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, size, &options),
              mk_testing::ReturnsSuccess());
  EXPECT_TRUE(Contents(out.get()) == data) << "copy of " << size << " bytes differs";
  EXPECT_TRUE(Contents(in.get()) == data) << "the source changed";
}

INSTANTIATE_TEST_SUITE_P(DefaultWindow, CopyRangeSizeTest,
                         ::testing::Combine(::testing::Values(0, 1, kPage - 1, kPage, kPage + 1,
                                                              W(MK_COPY_DEFAULT_WINDOW, -1),
                                                              W(MK_COPY_DEFAULT_WINDOW, 0),
                                                              W(MK_COPY_DEFAULT_WINDOW, 1),
                                                              3 * MK_COPY_DEFAULT_WINDOW + 7),
                                            ::testing::Values(size_t{0})));
INSTANTIATE_TEST_SUITE_P(
    SmallWindow, CopyRangeSizeTest,
    ::testing::Combine(::testing::Values(1, kPage - 1, kPage + 1, W(kSmallWindow, -1),
                                         W(kSmallWindow, 0), W(kSmallWindow, 1),
                                         5 * kSmallWindow + 3),
                       ::testing::Values(kSmallWindow)));

// --- unaligned ranges --------------------------------------------------------

// (in_off, out_off, strategy): offsets on and off page boundaries, windows
// straddling them differently on each side.
class CopyRangeUnalignedTest
    : public ::testing::TestWithParam<std::tuple<uint64_t, uint64_t, mk_copy_strategy>> {};

TEST_P(CopyRangeUnalignedTest, CopiesTheRangeAndNothingElse) {
  const uint64_t in_off = std::get<0>(GetParam());
  const uint64_t out_off = std::get<1>(GetParam());
  const uint64_t len = 3 * kSmallWindow + 1234;
  const std::string src_data = Pattern(in_off + len + 777, 1);
  const std::string old = Pattern(out_off + len + 999, 2);  // longer than the copy's end
  TempFile src(src_data), dst(old);
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  mk_copy_options options = Options(kSmallWindow, 0, std::get<2>(GetParam()));

  ASSERT_THAT(mk_copy_range(in.get(), in_off, out.get(), out_off, len, &options),
              mk_testing::ReturnsSuccess());
  std::string expected = old;
  expected.replace(out_off, len, src_data, in_off, len);
  std::string got = Contents(out.get());
  ASSERT_EQ(got.size(), expected.size());
  EXPECT_TRUE(got.compare(0, out_off, old, 0, out_off) == 0) << "bytes before the range changed";
  EXPECT_TRUE(got.compare(out_off, len, src_data, in_off, len) == 0) << "the range is wrong";
  EXPECT_TRUE(got.compare(out_off + len, std::string::npos, old, out_off + len) == 0)
      << "bytes after the range changed";
}

INSTANTIATE_TEST_SUITE_P(
    Offsets, CopyRangeUnalignedTest,
    ::testing::Combine(::testing::Values(0, 1, kPage - 1, kPage, 3 * kPage + 123),
                       ::testing::Values(0, 7, kPage + 1, 2 * kPage),
                       ::testing::Values(MK_COPY_MAP_BOTH, MK_COPY_MAP_SRC_WRITE,
                                         MK_COPY_MAP_DST_READ)));

// MK_COPY_OPTIONS_DEFAULT spells the defaults that options == NULL gets, and
// copies byte-exactly with a callback added.
TEST(CopyRange, DefaultOptionsInitializerHoldsTheDefaults) {
  mk_copy_options options = MK_COPY_OPTIONS_DEFAULT;
  EXPECT_EQ(options.window, 0u);
  EXPECT_EQ(options.flags, MK_COPY_DEFAULT_FLAGS);
  EXPECT_EQ(options.strategy, MK_COPY_DEFAULT_STRATEGY);
  EXPECT_EQ(MK_COPY_DEFAULT_STRATEGY, MK_COPY_MAP_SRC_WRITE);
  // Zero-initialised options are the defaults too.
  mk_copy_options zero = {};
  EXPECT_EQ(zero.strategy, MK_COPY_DEFAULT_STRATEGY);
  EXPECT_EQ(zero.flags, MK_COPY_DEFAULT_FLAGS);

  TempFile src(Pattern(3 * kSmallWindow + 5, 8)), dst("");
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  int calls = 0;
  Progress progress([&](uint64_t, uint64_t) { return ++calls, 0; });
  mk_copy_options with_callback = progress.Options();
  options.progress = with_callback.progress;
  options.progress_arg = with_callback.progress_arg;
  ASSERT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, 3 * kSmallWindow + 5, &options),
              ReturnsSuccess());
  EXPECT_EQ(Contents(dst.path()), Pattern(3 * kSmallWindow + 5, 8));
  EXPECT_GE(calls, 1);
}

TEST(CopyRange, ExtendsTheDestinationWithAZeroGap) {
  const std::string data = Pattern(5000, 3);
  TempFile src(data), dst("old");
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);

  ASSERT_THAT(mk_copy_range(in.get(), 100, out.get(), 10000, 4000, nullptr),
              mk_testing::ReturnsSuccess());
  std::string expected = "old" + std::string(10000 - 3, '\0') + data.substr(100, 4000);
  EXPECT_TRUE(Contents(out.get()) == expected);
}

TEST(CopyRange, SameFileWithDisjointRanges) {
  std::string data = Pattern(3 * kPage, 4);
  TempFile file(data);
  ScopedFd in = file.Open(O_RDONLY), out = file.Open(O_RDWR);

  ASSERT_THAT(mk_copy_range(in.get(), 10, out.get(), 2 * kPage + 5, 1000, nullptr),
              mk_testing::ReturnsSuccess());
  data.replace(2 * kPage + 5, 1000, data.substr(10, 1000));
  EXPECT_TRUE(Contents(out.get()) == data);
}

// --- strategies and flags ----------------------------------------------------

class CopyRangeStrategyTest
    : public ::testing::TestWithParam<std::tuple<mk_copy_strategy, unsigned>> {};

TEST_P(CopyRangeStrategyTest, IsByteExact) {
  const uint64_t len = 4 * kSmallWindow + 4321;
  const std::string data = Pattern(len + 50, 5);
  const std::string old = Pattern(len / 2, 6);
  TempFile src(data), dst(old);
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  mk_copy_options options = Options(kSmallWindow, std::get<1>(GetParam()), std::get<0>(GetParam()));

  ASSERT_THAT(mk_copy_range(in.get(), 50, out.get(), 3, len, &options),
              mk_testing::ReturnsSuccess());
  std::string expected = old.substr(0, 3) + data.substr(50);
  EXPECT_TRUE(Contents(out.get()) == expected);
}

INSTANTIATE_TEST_SUITE_P(AllFlags, CopyRangeStrategyTest,
                         ::testing::Combine(::testing::ValuesIn(kStrategies),
                                            ::testing::ValuesIn(kFlagSets)));

// --- errors: each documented errno, and nothing written -----------------------

class CopyRangeErrorTest : public ::testing::Test {
 protected:
  // Calls mk_copy_range on (in_fd, out_fd) and checks that the destination
  // file kept its bytes.
  int CopyExpectingNoChange(int in_fd, uint64_t in_off, int out_fd, uint64_t out_off, uint64_t len,
                            const mk_copy_options *options = nullptr) {
    int rc = mk_copy_range(in_fd, in_off, out_fd, out_off, len, options);
    std::string now;
    EXPECT_NO_ERRNO(mk_posix::ReadFile(dst_.path(), &now));
    EXPECT_TRUE(now == kOld) << "the destination changed on error " << rc;
    return rc;
  }

  const std::string kData = Pattern(3 * kPage + 11, 7);
  const std::string kOld = Pattern(2 * kPage, 8);
  TempFile src_{kData}, dst_{kOld};
  ScopedFd in_ = src_.Open(O_RDONLY);
  ScopedFd out_ = dst_.Open(O_RDWR);
};

TEST_F(CopyRangeErrorTest, EbadfForClosedOrWrongModeDescriptors) {
  // A descriptor number that is closed now (checked before anything else
  // opens a file and reuses the number).
  int closed = dup(in_.get());
  ASSERT_EQ(close(closed), 0);
  EXPECT_THAT(CopyExpectingNoChange(-1, 0, out_.get(), 0, 1), ReturnsErrno(EBADF));
  EXPECT_THAT(CopyExpectingNoChange(closed, 0, out_.get(), 0, 1), ReturnsErrno(EBADF));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, closed, 0, 1), ReturnsErrno(EBADF));

  ScopedFd in_wronly = src_.Open(O_WRONLY);
  ScopedFd out_rdonly = dst_.Open(O_RDONLY);
  ScopedFd out_append = dst_.Open(O_RDWR | O_APPEND);
  ScopedFd in_path = src_.Open(O_PATH);
  ScopedFd out_path = dst_.Open(O_PATH);
  EXPECT_THAT(CopyExpectingNoChange(in_wronly.get(), 0, out_.get(), 0, 1), ReturnsErrno(EBADF));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, out_rdonly.get(), 0, 1), ReturnsErrno(EBADF));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, out_append.get(), 0, 1), ReturnsErrno(EBADF));
  EXPECT_THAT(CopyExpectingNoChange(in_path.get(), 0, out_.get(), 0, 1), ReturnsErrno(EBADF));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, out_path.get(), 0, 1), ReturnsErrno(EBADF));
}

TEST_F(CopyRangeErrorTest, EaccesForWriteOnlyDestination) {
  ScopedFd out_wronly = dst_.Open(O_WRONLY);
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, out_wronly.get(), 0, 1), ReturnsErrno(EACCES));
}

TEST_F(CopyRangeErrorTest, EisdirForDirectories) {
  TempDirectory dir;
  ScopedFd d(open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_TRUE(d.valid());
  EXPECT_THAT(CopyExpectingNoChange(d.get(), 0, out_.get(), 0, 1), ReturnsErrno(EISDIR));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, d.get(), 0, 1), ReturnsErrno(EISDIR));
}

TEST_F(CopyRangeErrorTest, EspipeForPipesAndSockets) {
  int p[2], s[2];
  ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s), 0);
  ScopedFd pr(p[0]), pw(p[1]), s0(s[0]), s1(s[1]);
  ASSERT_EQ(write(pw.get(), "x", 1), 1);
  EXPECT_THAT(CopyExpectingNoChange(pr.get(), 0, out_.get(), 0, 1), ReturnsErrno(ESPIPE));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, pw.get(), 0, 1), ReturnsErrno(ESPIPE));
  EXPECT_THAT(CopyExpectingNoChange(s0.get(), 0, out_.get(), 0, 1), ReturnsErrno(ESPIPE));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, s1.get(), 0, 1), ReturnsErrno(ESPIPE));
}

TEST_F(CopyRangeErrorTest, EinvalForDevices) {
  ScopedFd zero(open("/dev/zero", O_RDONLY | O_CLOEXEC));
  ScopedFd null(open("/dev/null", O_RDWR | O_CLOEXEC));
  ASSERT_TRUE(zero.valid() && null.valid());
  EXPECT_THAT(CopyExpectingNoChange(zero.get(), 0, out_.get(), 0, 1), ReturnsErrno(EINVAL));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, null.get(), 0, 1), ReturnsErrno(EINVAL));
}

TEST_F(CopyRangeErrorTest, EinvalForBadOptions) {
  mk_copy_options not_pages = Options(kPage + 1);
  mk_copy_options below_page = Options(kPage / 2);
  mk_copy_options unknown_flag = Options(0, 1u << 31);
  mk_copy_options unknown_strategy = Options(0, 0, static_cast<mk_copy_strategy>(3));
  mk_copy_options file_only_flag = Options(0, MK_COPY_IN_PLACE);  // a range is always in place
  for (const mk_copy_options *o :
       {&not_pages, &below_page, &unknown_flag, &unknown_strategy, &file_only_flag}) {
    EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, out_.get(), 0, 1, o), ReturnsErrno(EINVAL));
  }
}

TEST_F(CopyRangeErrorTest, EinvalForOverlappingRangesOfOneFile) {
  ScopedFd same = dst_.Open(O_RDONLY);  // another open file of the destination
  EXPECT_THAT(CopyExpectingNoChange(same.get(), 0, out_.get(), 100, 200), ReturnsErrno(EINVAL));
  EXPECT_THAT(CopyExpectingNoChange(same.get(), 100, out_.get(), 0, 101), ReturnsErrno(EINVAL));
  EXPECT_THAT(CopyExpectingNoChange(out_.get(), 0, out_.get(), 0, 1), ReturnsErrno(EINVAL));
  // Touching ranges do not overlap.
  EXPECT_THAT(mk_copy_range(same.get(), 0, out_.get(), 100, 100, nullptr),
              mk_testing::ReturnsSuccess());
}

TEST_F(CopyRangeErrorTest, EoverflowPastTheLargestOffset) {
  const uint64_t max = INT64_MAX;
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), max, out_.get(), 0, 1), ReturnsErrno(EOVERFLOW));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, out_.get(), max - 10, 11),
              ReturnsErrno(EOVERFLOW));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, out_.get(), 0, UINT64_MAX),
              ReturnsErrno(EOVERFLOW));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), UINT64_MAX, out_.get(), 0, 0),
              ReturnsErrno(EOVERFLOW));
  // The largest off_t itself is still an offset (of an empty range).
  EXPECT_THAT(mk_copy_range(in_.get(), 0, out_.get(), max, 0, nullptr),
              mk_testing::ReturnsSuccess());
}

TEST_F(CopyRangeErrorTest, EnodataPastTheEndOfTheSource) {
  const uint64_t size = kData.size();
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, out_.get(), 0, size + 1), ReturnsErrno(ENODATA));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), size, out_.get(), 0, 1), ReturnsErrno(ENODATA));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 5 * kGiB, out_.get(), 0, 1), ReturnsErrno(ENODATA));
  // Exactly up to the end is fine.
  EXPECT_THAT(mk_copy_range(in_.get(), 1, out_.get(), 0, size - 1, nullptr),
              mk_testing::ReturnsSuccess());
}

TEST_F(CopyRangeErrorTest, ZeroLengthIsValidatedButCopiesNothing) {
  EXPECT_THAT(CopyExpectingNoChange(-1, 0, out_.get(), 0, 0), ReturnsErrno(EBADF));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), kData.size() + 1, out_.get(), 0, 0),
              ReturnsErrno(ENODATA));
  EXPECT_THAT(CopyExpectingNoChange(in_.get(), 0, out_.get(), 10 * kGiB, 0),
              mk_testing::ReturnsSuccess());
}

// --- large offsets, other file systems, progress -------------------------------

TEST(CopyRange, OffsetsPastFourGiBAreExact) {
  // 100 bytes below 4 GiB to 200 above it, into a destination offset that is
  // neither page- nor 4 GiB-aligned.
  const uint64_t in_off = 4 * kGiB - 100;
  const uint64_t out_off = 4 * kGiB + kPage - 1;
  const std::string data = Pattern(300, 9);
  TempFile src, dst;
  ASSERT_NO_ERRNO(MakeSparseFile(src.path(), 5 * kGiB, {{in_off, data}}));
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);

  ASSERT_THAT(mk_copy_range(in.get(), in_off, out.get(), out_off, data.size(), nullptr),
              mk_testing::ReturnsSuccess());
  struct stat st;
  ASSERT_EQ(fstat(out.get(), &st), 0);
  EXPECT_EQ(static_cast<uint64_t>(st.st_size), out_off + data.size());
  std::string got(data.size() + 2, 'x');
  ASSERT_EQ(pread(out.get(), &got[0], got.size(), static_cast<off_t>(out_off - 1)),
            static_cast<ssize_t>(data.size() + 1));
  EXPECT_TRUE(got.substr(1, data.size()) == data);
  EXPECT_EQ(got[0], '\0') << "the byte before the range is part of the zero gap";
  EXPECT_LT(AllocatedBytes(dst.path()), 1 * kMiB) << "the gap was filled";
}

TEST(CopyRange, BetweenFileSystems) {
  // A memfd lives on its own internal tmpfs: copy into it and back out.
  const std::string data = Pattern(2 * kSmallWindow + 99, 10);
  TempFile src(data), back;
  ScopedFd in = src.Open(O_RDONLY);
  ScopedFd mem(memfd_create("copy_range_test", MFD_CLOEXEC));
  ASSERT_TRUE(mem.valid()) << strerror(errno);
  struct stat st_src, st_mem;
  ASSERT_EQ(fstat(in.get(), &st_src), 0);
  ASSERT_EQ(fstat(mem.get(), &st_mem), 0);
  ASSERT_NE(st_src.st_dev, st_mem.st_dev);
  mk_copy_options options = Options(kSmallWindow);

  ASSERT_THAT(mk_copy_range(in.get(), 0, mem.get(), 0, data.size(), &options),
              mk_testing::ReturnsSuccess());
  EXPECT_TRUE(Contents(mem.get()) == data);
  ScopedFd out = back.Open(O_RDWR);
  ASSERT_THAT(mk_copy_range(mem.get(), 0, out.get(), 0, data.size(), &options),
              mk_testing::ReturnsSuccess());
  EXPECT_TRUE(Contents(out.get()) == data);
}

TEST(CopyRange, ReportsProgressBeforeEachWindowAndAtTheEnd) {
  const uint64_t len = 3 * kSmallWindow;
  TempFile src(Pattern(len, 11)), dst;
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  Progress progress([&](uint64_t done, uint64_t total) {
    calls.emplace_back(done, total);
    return 0;
  });
  mk_copy_options options = progress.Options(kSmallWindow);

  ASSERT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, len, &options),
              mk_testing::ReturnsSuccess());
  std::vector<std::pair<uint64_t, uint64_t>> expected = {
      {0, len}, {kSmallWindow, len}, {2 * kSmallWindow, len}, {len, len}};
  EXPECT_EQ(calls, expected);
}

TEST(CopyRange, CancelStopsTheCopyAndRestoresTheSize) {
  const uint64_t len = 4 * kSmallWindow;
  const std::string old = "short";
  TempFile src(Pattern(len, 12)), dst(old);
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  Progress progress([&](uint64_t done, uint64_t) { return done >= 2 * kSmallWindow ? 1 : 0; });
  mk_copy_options options = progress.Options(kSmallWindow);

  EXPECT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, len, &options), ReturnsErrno(ECANCELED));
  struct stat st;
  ASSERT_EQ(fstat(out.get(), &st), 0);
  EXPECT_EQ(st.st_size, static_cast<off_t>(old.size())) << "a failed copy left the file longer";
}

// Every strategy has its header name; a value that is none has no name and
// is refused.
TEST(CopyRange, StrategyNamesAndTheFlagMask) {
  EXPECT_STREQ(mk_copy_strategy_name(MK_COPY_MAP_SRC_WRITE), "MK_COPY_MAP_SRC_WRITE");
  EXPECT_STREQ(mk_copy_strategy_name(MK_COPY_MAP_BOTH), "MK_COPY_MAP_BOTH");
  EXPECT_STREQ(mk_copy_strategy_name(MK_COPY_MAP_DST_READ), "MK_COPY_MAP_DST_READ");
  EXPECT_EQ(mk_copy_strategy_name(static_cast<mk_copy_strategy>(3)), nullptr);

  TempFile src(Pattern(100, 13)), dst;
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  for (int value : {-1, 3, 4}) {
    mk_copy_options options = Options();
    // Stored as the C library sees it: C++ may not hold -1 or 4 in this enum.
    static_assert(sizeof options.strategy == sizeof value, "an int-sized enum");
    memcpy(&options.strategy, &value, sizeof value);
    EXPECT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, 100, &options), ReturnsErrno(EINVAL))
        << "strategy " << value;
  }
  // Each bit of MK_COPY_ALL_FLAGS is a flag; the lowest bit above them is not.
  for (unsigned bit = 1; bit != 0 && bit <= MK_COPY_ALL_FLAGS; bit <<= 1) {
    EXPECT_NE(MK_COPY_ALL_FLAGS & bit, 0u) << "a gap in MK_COPY_ALL_FLAGS at " << bit;
  }
  const unsigned above = (MK_COPY_ALL_FLAGS + 1u);
  mk_copy_options unknown = Options(0, above);
  EXPECT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, 100, &unknown), ReturnsErrno(EINVAL));
}

}  // namespace
}  // namespace mk_copy_testing
