// mk_copy_file with MK_COPY_IN_PLACE: an existing destination is written
// through, byte-exact for every size against every old size and strategy,
// keeping its inode (so its other links see the new content); its old bytes
// where the source has holes are punched out; special sources are streamed;
// no temporary file is ever made; a failure after the reservation leaves it
// partly written (the documented trade-off), a failed reservation leaves it
// as it was.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "core/tests/copy_test_support.h"
#include "gtest/gtest.h"
#include "mmapkit/copy.h"

namespace mk_copy_testing {
namespace {

// Written in place, the directory never holds anything but src and dst:
// checked at every progress call.
class NoTemporaryFile {
 public:
  explicit NoTemporaryFile(const TempDirectory &dir, int cancel_at = -1)
      : progress_([this, &dir, cancel_at](uint64_t, uint64_t) {
          if (ListDir(dir.path()) != Names{"dst", "src"}) extra_ = Joined(ListDir(dir.path()));
          return calls_++ == cancel_at ? 1 : 0;
        }) {}
  mk_copy_options Options(size_t window, mk_copy_strategy strategy = MK_COPY_MAP_SRC_WRITE) {
    return progress_.Options(window, MK_COPY_IN_PLACE, strategy);
  }
  const std::string &extra() const { return extra_; }

 private:
  int calls_ = 0;
  std::string extra_;
  Progress progress_;
};

class CopyInPlaceTest
    : public ::testing::TestWithParam<std::tuple<uint64_t, uint64_t, mk_copy_strategy>> {};

TEST_P(CopyInPlaceTest, TheFileHoldsExactlyTheSourceAndKeepsItsInode) {
  const uint64_t size = std::get<0>(GetParam()), old_size = std::get<1>(GetParam());
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  const std::string data = Pattern(size, 1);
  ASSERT_NO_ERRNO(WriteFile(src, data));
  ASSERT_NO_ERRNO(WriteFile(dst, Pattern(old_size, 2)));
  const uint64_t inode = Inode(dst);
  NoTemporaryFile watch(dir);
  mk_copy_options options = watch.Options(kSmallWindow, std::get<2>(GetParam()));

  EXPECT_EQ(Copy(src, dst, &options), "success");
  EXPECT_TRUE(Contents(dst) == data) << size << " bytes over " << old_size;
  EXPECT_EQ(Inode(dst), inode);
  EXPECT_EQ(watch.extra(), "") << "a file appeared beside dst";
}

INSTANTIATE_TEST_SUITE_P(
    SizesAndStrategies, CopyInPlaceTest,
    ::testing::Combine(::testing::Values(0, 1, kPage + 1, 3 * kSmallWindow + 7),
                       ::testing::Values(0, 3, 2 * kSmallWindow, 5 * kSmallWindow),
                       ::testing::ValuesIn(kStrategies)));

TEST(CopyInPlace, OldBytesWhereTheSourceHasHolesArePunchedOut) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  const uint64_t size = 8 * kSmallWindow;
  ASSERT_NO_ERRNO(MakeSparseFile(
      src, size,
      {{0, Pattern(kPage, 3)}, {3 * kSmallWindow, Pattern(kPage, 4)}, {size - 5, "tail!"}}));
  ASSERT_NO_ERRNO(WriteFile(dst, Pattern(size + kPage, 5)));  // data everywhere
  mk_copy_options options = Options(kSmallWindow, MK_COPY_IN_PLACE);

  EXPECT_EQ(Copy(src, dst, &options), "success");
  std::string why;
  EXPECT_TRUE(SameBytes(src, dst, &why)) << why;
  ScopedFd fd(open(dst.c_str(), O_RDONLY | O_CLOEXEC));
  off_t hole = lseek(fd.get(), 0, SEEK_HOLE);
  EXPECT_LT(static_cast<uint64_t>(hole), 3 * kSmallWindow) << "the first hole was filled";
  EXPECT_LE(AllocatedBytes(dst), AllocatedBytes(src) + 2 * kSmallWindow);
}

TEST(CopyInPlace, SpecialSourcesAreStreamedOverTheOldContent) {
  TempDirectory dir;
  const std::string dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), ""));
  mk_copy_options options = Options(0, MK_COPY_IN_PLACE);
  ASSERT_NO_ERRNO(WriteFile(dst, Pattern(3 * kPage, 6)));
  EXPECT_EQ(Copy("/proc/version", dst, &options), "success");
  EXPECT_TRUE(Contents(dst) == Contents("/proc/version"));
  EXPECT_EQ(Copy(dir.Join("src"), dst, &options), "success");
  EXPECT_EQ(Contents(dst), "") << "an empty source empties the file";
}

TEST(CopyInPlace, ASymbolicLinkIsWrittenThrough) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "new"));
  ASSERT_EQ(mkdir(dir.Join("sub").c_str(), 0755), 0);
  ASSERT_NO_ERRNO(WriteFile(dir.Join("sub/target"), "old old old"));
  ASSERT_EQ(symlink("sub/target", dir.Join("dst").c_str()), 0);
  const uint64_t inode = Inode(dir.Join("sub/target"));
  mk_copy_options options = Options(0, MK_COPY_IN_PLACE);

  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("dst"), &options), "success");
  EXPECT_EQ(Contents(dir.Join("sub/target")), "new");
  EXPECT_EQ(Inode(dir.Join("sub/target")), inode);
  struct stat st;
  ASSERT_EQ(lstat(dir.Join("dst").c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
}

TEST(CopyInPlace, AMissingDestinationIsCreatedAsWithoutTheFlag) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "new"));
  ASSERT_EQ(chmod(dir.Join("src").c_str(), 0666), 0);
  ScopedUmask scoped(027);
  mk_copy_options options = Options(0, MK_COPY_IN_PLACE);
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("dst"), &options), "success");
  EXPECT_EQ(Contents(dir.Join("dst")), "new");
  EXPECT_EQ(ModeBits(dir.Join("dst")), 0640);
}

TEST(CopyInPlace, TheSameFileIsStillRefused) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "data"));
  ASSERT_EQ(link(dir.Join("src").c_str(), dir.Join("dst").c_str()), 0);
  mk_copy_options options = Options(0, MK_COPY_IN_PLACE);
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("dst"), &options), "EINVAL at SAME_FILE");
  EXPECT_EQ(Contents(dir.Join("src")), "data");
}

// cp opens the file write-only; only a strategy that maps dst needs to read it.
TEST(CopyInPlace, AWriteOnlyFileTakesTheDefaultStrategyNotAMappedOne) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "new"));
  ASSERT_NO_ERRNO(WriteFile(dir.Join("dst"), "old"));
  ASSERT_EQ(chmod(dir.Join("dst").c_str(), 0200), 0);
  std::string outcome = InChild([&] {
    if (!DropFileCapabilities()) return std::string("capset failed");
    mk_copy_options mapped = Options(0, MK_COPY_IN_PLACE, MK_COPY_MAP_BOTH);
    mk_copy_options written = Options(0, MK_COPY_IN_PLACE, MK_COPY_MAP_SRC_WRITE);
    return Copy(dir.Join("src"), dir.Join("dst"), &mapped) + "; " +
           Copy(dir.Join("src"), dir.Join("dst"), &written);
  });
  EXPECT_EQ(outcome, "EACCES at CREATE_DEST; success");
  ASSERT_EQ(chmod(dir.Join("dst").c_str(), 0600), 0);
  EXPECT_EQ(Contents(dir.Join("dst")), "new");
}

// Not atomic: a cancel between windows leaves the new bytes written so far,
// at the new size; still no temporary file.
TEST(CopyInPlace, ACancelLeavesThePartlyWrittenFile) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  const std::string data = Pattern(4 * kSmallWindow, 7);
  ASSERT_NO_ERRNO(WriteFile(src, data));
  ASSERT_NO_ERRNO(WriteFile(dst, Pattern(6 * kSmallWindow, 8)));
  NoTemporaryFile watch(dir, 2);  // before the third window
  mk_copy_options options = watch.Options(kSmallWindow);

  EXPECT_EQ(Copy(src, dst, &options), "ECANCELED at NONE");
  const std::string now = Contents(dst);
  ASSERT_EQ(now.size(), data.size());
  EXPECT_TRUE(now.compare(0, 2 * kSmallWindow, data, 0, 2 * kSmallWindow) == 0);
  EXPECT_FALSE(now == data);
  EXPECT_EQ(watch.extra(), "");
}

TEST(CopyInPlace, ASourceShrinkingMidCopyIsAnErrorNotACrash) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(src, Pattern(4 * kSmallWindow, 9)));
  ASSERT_NO_ERRNO(WriteFile(dst, "old"));
  for (mk_copy_strategy strategy : kStrategies) {
    ASSERT_NO_ERRNO(WriteFile(src, Pattern(4 * kSmallWindow, 9)));
    int calls = 0;
    Progress shrink([&](uint64_t, uint64_t) {
      if (calls++ == 1) {
        EXPECT_EQ(truncate(src.c_str(), static_cast<off_t>(kSmallWindow)), 0);
      }
      return 0;
    });
    mk_copy_options options = shrink.Options(kSmallWindow, MK_COPY_IN_PLACE, strategy);
    EXPECT_EQ(Copy(src, dst, &options), "ENODATA at READ_SOURCE") << StrategyName(strategy);
  }
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "src"}));
}

// The reservation comes before any write: past the file size limit it fails
// and the file is left exactly as it was (size included).
TEST(CopyInPlace, AFailedReservationLeavesTheFileAsItWas) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  const std::string old = Pattern(10 * kKiB, 10);
  ASSERT_NO_ERRNO(WriteFile(src, Pattern(kMiB, 11)));
  ASSERT_NO_ERRNO(WriteFile(dst, old));
  std::string outcome = InChild([&] {
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit = {64 * kKiB, 64 * kKiB};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return std::string("setrlimit failed");
    mk_copy_options options = Options(0, MK_COPY_IN_PLACE);
    return Copy(src, dst, &options);
  });
  EXPECT_EQ(outcome, "EFBIG at WRITE_DEST");
  EXPECT_TRUE(Contents(dst) == old);
}

}  // namespace
}  // namespace mk_copy_testing
