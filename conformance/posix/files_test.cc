// Tests of files.h: listings, sparse files, the sparse-aware comparison (it
// must find a difference wherever it lies: in data, in a hole, in the size)
// and the stat shortcuts, including how each reports a missing file.
#include "conformance/posix/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "gtest/gtest.h"

namespace mk_posix {
namespace {

using namespace mk_testing;  // NOLINT: the helpers under test and the matchers

using Names = std::vector<std::string>;

TEST(ListDir, IsSortedWithoutDotEntries) {
  TempDirectory dir;
  EXPECT_EQ(Names{}, ListDir(dir.path()));
  ASSERT_NO_ERRNO(WriteFile(dir.Join("b"), ""));
  ASSERT_NO_ERRNO(WriteFile(dir.Join("a"), ""));
  ASSERT_THAT(mkdir(dir.Join("c").c_str(), 0755), SyscallSucceeds());
  EXPECT_EQ((Names{"a", "b", "c"}), ListDir(dir.path()));
}

TEST(ListDir, IsEmptyForWhatIsNoDirectory) {
  TempDirectory dir;
  EXPECT_EQ(Names{}, ListDir(dir.Join("missing")));
  ASSERT_NO_ERRNO(WriteFile(dir.Join("file"), "x"));
  EXPECT_EQ(Names{}, ListDir(dir.Join("file")));
}

TEST(Joined, SeparatesWithSingleSpaces) {
  EXPECT_EQ("", Joined({}));
  EXPECT_EQ("dst", Joined({"dst"}));
  EXPECT_EQ("dst src tmp", Joined({"dst", "src", "tmp"}));
}

TEST(MakeSparseFile, WritesThePiecesIntoAHole) {
  TempDirectory dir;
  const std::string path = dir.Join("sparse");
  const uint64_t size = 64 << 20;
  const std::string piece = Pattern(4096, 1);
  ASSERT_NO_ERRNO(MakeSparseFile(path, size, {{0, "head"}, {size - 4096, piece}}));
  std::string content;
  ASSERT_NO_ERRNO(ReadFile(path, &content));
  ASSERT_EQ(size, content.size());
  EXPECT_EQ("head", content.substr(0, 4));
  EXPECT_EQ(std::string(1 << 20, '\0'), content.substr(1 << 20, 1 << 20));
  EXPECT_EQ(piece, content.substr(size - 4096));
  MK_SKIP_IF(AllocatedBytes(path) > (1 << 20));  // a file system without holes
  EXPECT_LT(AllocatedBytes(path), uint64_t{1} << 20);
}

TEST(MakeSparseFile, ReplacesAnExistingFileAndFailsWithErrno) {
  TempDirectory dir;
  const std::string path = dir.Join("f");
  ASSERT_NO_ERRNO(WriteFile(path, Pattern(10000)));
  ASSERT_NO_ERRNO(MakeSparseFile(path, 10, {}));
  std::string content;
  ASSERT_NO_ERRNO(ReadFile(path, &content));
  EXPECT_EQ(std::string(10, '\0'), content);
  errno = 0;
  EXPECT_FALSE(MakeSparseFile(dir.Join("missing/f"), 10, {}));
  EXPECT_EQ(ENOENT, errno);
}

class SameBytesTest : public ::testing::Test {
 protected:
  static constexpr uint64_t kSize = 8 << 20;
  std::string Make(const std::string &name,
                   const std::vector<std::pair<uint64_t, std::string>> &pieces,
                   uint64_t size = kSize) {
    std::string path = dir_.Join(name);
    EXPECT_NO_ERRNO(MakeSparseFile(path, size, pieces)) << path;
    return path;
  }
  TempDirectory dir_;
};

TEST_F(SameBytesTest, EqualFilesAreTheSameHowEverTheirHolesLie) {
  std::string why;
  std::string a = Make("a", {{4096, Pattern(100, 1)}});
  EXPECT_TRUE(SameBytes(a, Make("b", {{4096, Pattern(100, 1)}}), &why)) << why;
  // Zeros written as data equal a hole.
  EXPECT_TRUE(
      SameBytes(a, Make("c", {{0, std::string(8192, '\0')}, {4096, Pattern(100, 1)}}), &why))
      << why;
  EXPECT_TRUE(SameBytes(Make("e1", {}, 0), Make("e2", {}, 0), &why)) << why;
}

TEST_F(SameBytesTest, FindsADifferenceInData) {
  std::string a = Make("a", {{4096, "abcdef"}});
  std::string b = Make("b", {{4096, "abcXef"}});
  std::string why;
  EXPECT_FALSE(SameBytes(a, b, &why));
  EXPECT_EQ("bytes differ at offset 4099", why);
}

TEST_F(SameBytesTest, FindsDataWhereTheOtherFileHasAHoleEitherWay) {
  std::string a = Make("a", {});
  std::string b = Make("b", {{kSize - 10, "x"}});
  std::string why;
  EXPECT_FALSE(SameBytes(a, b, &why));
  EXPECT_EQ("bytes differ at offset " + std::to_string(kSize - 10), why);
  why.clear();
  EXPECT_FALSE(SameBytes(b, a, &why));
  EXPECT_EQ("bytes differ at offset " + std::to_string(kSize - 10), why);
}

TEST_F(SameBytesTest, FindsADifferentSize) {
  std::string why;
  EXPECT_FALSE(SameBytes(Make("a", {}, 10), Make("b", {}, 11), &why));
  EXPECT_EQ("sizes differ: 10 vs 11", why);
}

TEST_F(SameBytesTest, ReportsAMissingFile) {
  std::string why;
  EXPECT_FALSE(SameBytes(Make("a", {}), dir_.Join("missing"), &why));
  EXPECT_EQ("cannot open: No such file or directory", why);
}

TEST(AllocatedBytes, CountsBlocksOrIsMaxForAMissingFile) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("f"), Pattern(64 * 1024)));
  EXPECT_GE(AllocatedBytes(dir.Join("f")), 64u * 1024);
  EXPECT_EQ(UINT64_MAX, AllocatedBytes(dir.Join("missing")));
}

TEST(ModeBits, ArePermissionAndSpecialBitsOrMinusOne) {
  TempDirectory dir;
  const std::string path = dir.Join("f");
  ASSERT_NO_ERRNO(WriteFile(path, ""));
  ASSERT_THAT(chmod(path.c_str(), 04640), SyscallSucceeds());
  EXPECT_EQ(04640, ModeBits(path));
  EXPECT_EQ(-1, ModeBits(dir.Join("missing")));
}

}  // namespace
}  // namespace mk_posix
