// mk_copy_file: byte-exact copies for every size class, atomic replace (a
// failure or cancel at any point leaves dst as it was and no temporary file;
// a new dst never replaces a file that appeared meanwhile), same-file refusal
// by any path, symbolic links, each documented errno with the step that
// failed, special sources (procfs, sysfs, FIFOs, devices, sockets) and other
// file systems. Modes and attributes: copy_attributes_test.cc.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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

class CopyFileSizeTest : public ::testing::TestWithParam<std::tuple<uint64_t, size_t>> {};

TEST_P(CopyFileSizeTest, CopiesExactlyTheSourceBytes) {
  const uint64_t size = std::get<0>(GetParam());
  const std::string data = Pattern(size, 1);
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(src, data));
  mk_copy_options options = Options(std::get<1>(GetParam()));
  uint64_t copied = 12345;

  ASSERT_THAT(mk_copy_file(src.c_str(), dst.c_str(), &options, &copied), ReturnsSuccess());
  EXPECT_EQ(copied, size);
  EXPECT_TRUE(Contents(dst) == data) << "copy of " << size << " bytes differs";
  EXPECT_TRUE(Contents(src) == data) << "the source changed";
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "src"}));
}

INSTANTIATE_TEST_SUITE_P(
    DefaultWindow, CopyFileSizeTest,
    ::testing::Combine(::testing::Values(0, 1, kPage - 1, kPage, kPage + 1, 5 * kMiB,
                                         W(MK_COPY_DEFAULT_WINDOW, -1),
                                         W(MK_COPY_DEFAULT_WINDOW, 0), W(MK_COPY_DEFAULT_WINDOW, 1),
                                         3 * MK_COPY_DEFAULT_WINDOW + 7),
                       ::testing::Values(size_t{0})));
INSTANTIATE_TEST_SUITE_P(
    SmallWindow, CopyFileSizeTest,
    ::testing::Combine(::testing::Values(W(kSmallWindow, -1), W(kSmallWindow, 0),
                                         W(kSmallWindow, 1), 5 * kSmallWindow + 3),
                       ::testing::Values(kSmallWindow)));

class CopyFileStrategyTest
    : public ::testing::TestWithParam<std::tuple<mk_copy_strategy, unsigned>> {};

TEST_P(CopyFileStrategyTest, IsByteExact) {
  const std::string data = Pattern(3 * kSmallWindow + 99, 2);
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(src, data));
  ASSERT_NO_ERRNO(WriteFile(dst, Pattern(7 * kSmallWindow, 3)));
  mk_copy_options options = Options(kSmallWindow, std::get<1>(GetParam()), std::get<0>(GetParam()));

  EXPECT_EQ(Copy(src, dst, &options), "success");
  EXPECT_TRUE(Contents(dst) == data);
}

INSTANTIATE_TEST_SUITE_P(AllFlags, CopyFileStrategyTest,
                         ::testing::Combine(::testing::ValuesIn(kStrategies),
                                            ::testing::ValuesIn(kFlagSets)));

// --- replace -----------------------------------------------------------------

TEST(CopyFile, ALongerDestinationBecomesExactlyTheSource) {
  TempDirectory dir;
  const std::string data = Pattern(kPage + 3, 4);
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), data));
  ASSERT_NO_ERRNO(WriteFile(dir.Join("dst"), Pattern(10 * kPage, 5)));
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("dst")), "success");
  EXPECT_TRUE(Contents(dir.Join("dst")) == data);
}

// Cancelling at each progress call - before every window, and after the last
// one just before the rename - must leave the old destination and nothing else.
TEST(CopyFile, ACopyStoppedAtAnyPointLeavesTheOldDestinationAndNoTemporaryFile) {
  const std::string data = Pattern(3 * kSmallWindow, 6);
  const std::string old = Pattern(kSmallWindow / 2, 7);
  for (int stop_at = 0; stop_at < 4; stop_at++) {
    TempDirectory dir;
    const std::string src = dir.Join("src"), dst = dir.Join("dst");
    ASSERT_NO_ERRNO(WriteFile(src, data));
    ASSERT_NO_ERRNO(WriteFile(dst, old));
    int calls = 0;
    bool temp_seen = false;
    Progress progress([&](uint64_t, uint64_t) {
      temp_seen = ListDir(dir.path()).size() == 3;  // src, dst and the temporary file
      return calls++ == stop_at ? 1 : 0;
    });
    mk_copy_options options = progress.Options(kSmallWindow);

    EXPECT_EQ(Copy(src, dst, &options), "ECANCELED at NONE") << "stopped at call " << stop_at;
    EXPECT_EQ(calls, stop_at + 1);
    EXPECT_TRUE(temp_seen) << "the copy was not written beside dst";
    EXPECT_TRUE(Contents(dst) == old) << "stopped at call " << stop_at;
    EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "src"})) << "stopped at call " << stop_at;
  }
}

// Someone creates dst while the copy of a new file runs: it is not replaced.
TEST(CopyFile, ANewDestinationThatAppearedMeanwhileIsLeftAlone) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(WriteFile(src, Pattern(2 * kSmallWindow, 13)));
  Progress appear([&](uint64_t done, uint64_t total) {
    if (done == total) {
      EXPECT_NO_ERRNO(WriteFile(dst, "theirs"));
    }
    return 0;
  });
  mk_copy_options options = appear.Options(kSmallWindow);
  EXPECT_EQ(Copy(src, dst, &options), "EEXIST at CREATE_DEST");
  EXPECT_EQ(Contents(dst), "theirs");
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "src"}));
}

TEST(CopyFile, ReportsProgressBeforeEachWindowAndBeforeTheRename) {
  TempDirectory dir;
  const uint64_t size = 2 * kSmallWindow + 1;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), Pattern(size, 8)));
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  Progress progress([&](uint64_t done, uint64_t total) {
    calls.emplace_back(done, total);
    return 0;
  });
  mk_copy_options options = progress.Options(kSmallWindow);

  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("dst"), &options), "success");
  std::vector<std::pair<uint64_t, uint64_t>> expected = {
      {0, size}, {kSmallWindow, size}, {2 * kSmallWindow, size}, {size, size}};
  EXPECT_EQ(calls, expected);
}

// --- same file ---------------------------------------------------------------

TEST(CopyFile, TheSameFileByAnyPathIsRefusedAndUntouched) {
  TempDirectory dir;
  const std::string data = Pattern(3 * kPage, 9);
  const std::string a = dir.Join("a");
  ASSERT_NO_ERRNO(WriteFile(a, data));
  ASSERT_EQ(link(a.c_str(), dir.Join("hard").c_str()), 0);
  ASSERT_EQ(symlink("a", dir.Join("sym").c_str()), 0);
  ASSERT_EQ(mkdir(dir.Join("sub").c_str(), 0755), 0);
  const Names before = ListDir(dir.path());
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {a, a},
      {a, dir.Join("hard")},
      {a, dir.Join("sym")},
      {dir.Join("sym"), a},
      {a, dir.path() + "/./a"},
      {a, dir.Join("sub/../a")},
  };
  for (const auto &p : pairs) {
    EXPECT_EQ(Copy(p.first, p.second), "EINVAL at SAME_FILE") << p.first << " -> " << p.second;
    EXPECT_TRUE(Contents(a) == data) << p.first << " -> " << p.second;
    EXPECT_EQ(ListDir(dir.path()), before);
  }
  // Relative to the working directory, as `mmapcp a ./a` would.
  ScopedFd cwd(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  ASSERT_EQ(chdir(dir.path().c_str()), 0);
  std::string relative = Copy("a", "./a");
  ASSERT_EQ(fchdir(cwd.get()), 0);
  EXPECT_EQ(relative, "EINVAL at SAME_FILE");
  EXPECT_TRUE(Contents(a) == data);
}

// --- symbolic links ------------------------------------------------------------

TEST(CopyFile, ADestinationSymlinkHasItsTargetReplaced) {
  TempDirectory dir, other;
  const std::string data = Pattern(kPage + 5, 10);
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), data));
  ASSERT_NO_ERRNO(WriteFile(other.Join("target"), "old"));
  ASSERT_EQ(symlink(other.Join("target").c_str(), dir.Join("link").c_str()), 0);

  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("link")), "success");
  struct stat st;
  ASSERT_EQ(lstat(dir.Join("link").c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode)) << "the link itself was replaced";
  EXPECT_TRUE(Contents(other.Join("target")) == data);
  EXPECT_EQ(ListDir(dir.path()), (Names{"link", "src"}));
  EXPECT_EQ(ListDir(other.path()), (Names{"target"}));
}

TEST(CopyFile, ADanglingDestinationSymlinkIsRefused) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "x"));
  ASSERT_EQ(symlink("missing", dir.Join("link").c_str()), 0);
  ASSERT_EQ(symlink("loop", dir.Join("loop").c_str()), 0);
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("link")), "ENOENT at STAT_DEST");
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("loop")), "ELOOP at STAT_DEST");
  EXPECT_EQ(ListDir(dir.path()), (Names{"link", "loop", "src"}));
}

// Relative links are followed from the directory holding each link, and the
// result is a relative path: an unprivileged process whose working directory
// lies under a directory it may not search still reaches the file.
TEST(CopyFile, AChainOfRelativeSymlinksLeadsToTheFileReplaced) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "new"));
  ASSERT_EQ(mkdir(dir.Join("a").c_str(), 0755), 0);
  ASSERT_EQ(mkdir(dir.Join("b").c_str(), 0755), 0);
  ASSERT_NO_ERRNO(WriteFile(dir.Join("b/target"), "old"));
  ASSERT_EQ(symlink("a/link2", dir.Join("link1").c_str()), 0);
  ASSERT_EQ(symlink("../b/target", dir.Join("a/link2").c_str()), 0);

  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("link1")), "success");
  EXPECT_EQ(Contents(dir.Join("b/target")), "new");
  EXPECT_EQ(ListDir(dir.path()), (Names{"a", "b", "link1", "src"}));
  EXPECT_EQ(ListDir(dir.Join("a")), Names{"link2"});
  EXPECT_EQ(ListDir(dir.Join("b")), Names{"target"});
}

// --- errors --------------------------------------------------------------------

TEST(CopyFile, MissingPathsFailAtTheirStepAndCreateNothing) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "x"));
  EXPECT_EQ(Copy(dir.Join("missing"), dir.Join("dst")), "ENOENT at STAT_SOURCE");
  EXPECT_EQ(Copy(dir.Join("src/"), dir.Join("dst")), "ENOTDIR at STAT_SOURCE");
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("nodir/dst")), "ENOENT at CREATE_DEST");
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("newdir/")), "ENOTDIR at CREATE_DEST");
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("src/dst")), "ENOTDIR at STAT_DEST");
  EXPECT_EQ(Copy("", dir.Join("dst")), "ENOENT at STAT_SOURCE");
  EXPECT_EQ(Copy(dir.Join("src"), ""), "ENOENT at CREATE_DEST");
  EXPECT_EQ(ListDir(dir.path()), (Names{"src"}));
}

TEST(CopyFile, DirectoriesAreRefused) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "x"));
  ASSERT_EQ(mkdir(dir.Join("d").c_str(), 0755), 0);
  EXPECT_EQ(Copy(dir.Join("d"), dir.Join("dst")), "EISDIR at OPEN_SOURCE");
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("d")), "EISDIR at STAT_DEST");
  EXPECT_EQ(ListDir(dir.path()), (Names{"d", "src"}));
  EXPECT_EQ(ListDir(dir.Join("d")), Names{});
}

TEST(CopyFile, BadOptionsAndNullPathsAreEinval) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "x"));
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  mk_copy_options bad_window = Options(kPage + 1);
  mk_copy_options bad_flag = Options(0, 1u << 20);
  mk_copy_options bad_strategy = Options(0, 0, static_cast<mk_copy_strategy>(3));
  for (const mk_copy_options *o : {&bad_window, &bad_flag, &bad_strategy}) {
    EXPECT_EQ(Copy(src, dst, o), "EINVAL at NONE");
  }
  EXPECT_THAT(mk_copy_file(nullptr, dst.c_str(), nullptr, nullptr), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_copy_file(src.c_str(), nullptr, nullptr, nullptr), ReturnsErrno(EINVAL));
  EXPECT_EQ(ListDir(dir.path()), (Names{"src"}));
}

// Root ignores permission bits; the child drops the capabilities that let it.
// A source in a directory that cannot be searched cannot even be looked at
// (cp: "cannot stat"); one that cannot be read, can (cp: "cannot open").
TEST(CopyFile, EaccesForUnreadableSourceUnwritableDestinationOrDirectory) {
  TempDirectory dir;
  ASSERT_EQ(mkdir(dir.Join("locked").c_str(), 0755), 0);
  ASSERT_EQ(mkdir(dir.Join("closed").c_str(), 0755), 0);
  ASSERT_NO_ERRNO(WriteFile(dir.Join("closed/src"), "hidden"));
  ASSERT_EQ(chmod(dir.Join("closed").c_str(), 0), 0);
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "new"));
  ASSERT_NO_ERRNO(WriteFile(dir.Join("secret"), "secret"));
  ASSERT_NO_ERRNO(WriteFile(dir.Join("readonly"), "old"));
  ASSERT_EQ(chmod(dir.Join("secret").c_str(), 0200), 0);
  ASSERT_EQ(chmod(dir.Join("readonly").c_str(), 0444), 0);
  ASSERT_EQ(chmod(dir.Join("locked").c_str(), 0555), 0);

  std::string outcomes = InChild([&] {
    if (!DropFileCapabilities()) return std::string("capset failed");
    return Copy(dir.Join("secret"), dir.Join("dst")) + "; " +
           Copy(dir.Join("closed/src"), dir.Join("dst")) + "; " +
           Copy(dir.Join("src"), dir.Join("readonly")) + "; " +
           Copy(dir.Join("src"), dir.Join("locked/dst"));
  });
  EXPECT_EQ(outcomes,
            "EACCES at OPEN_SOURCE; EACCES at STAT_SOURCE; EACCES at CREATE_DEST; "
            "EACCES at CREATE_DEST");
  ASSERT_EQ(chmod(dir.Join("closed").c_str(), 0755), 0);
  EXPECT_TRUE(Contents(dir.Join("readonly")) == "old");
  EXPECT_EQ(ListDir(dir.path()), (Names{"closed", "locked", "readonly", "secret", "src"}));
  EXPECT_EQ(ListDir(dir.Join("locked")), Names{});
}

// --- special sources -------------------------------------------------------------

TEST(CopyFile, ProcfsFilesAreCopiedWhole) {
  // procfs reports st_size 0 for these; an mmap copy would make them empty.
  TempDirectory dir;
  for (const char *path : {"/proc/version", "/proc/self/limits"}) {
    struct stat st;
    ASSERT_EQ(stat(path, &st), 0);
    ASSERT_EQ(st.st_size, 0) << path << " no longer reports size 0";
    EXPECT_EQ(Copy(path, dir.Join("copy")), "success");
    std::string expected = Contents(path);
    EXPECT_FALSE(expected.empty());
    EXPECT_TRUE(Contents(dir.Join("copy")) == expected) << path;
  }
  // Changes between reads, but has this process's pid.
  EXPECT_EQ(Copy("/proc/self/status", dir.Join("status")), "success");
  EXPECT_NE(Contents(dir.Join("status")).find("\nPid:\t" + std::to_string(getpid()) + "\n"),
            std::string::npos);
}

TEST(CopyFile, SysfsFilesAreCopiedWhole) {
  // sysfs reports 4096 bytes for attributes that hold a few.
  const char *path = "/sys/kernel/mm/transparent_hugepage/enabled";
  struct stat st;
  MK_SKIP_IF(stat(path, &st) != 0);
  TempDirectory dir;
  EXPECT_EQ(Copy(path, dir.Join("copy")), "success");
  std::string expected = Contents(path);
  EXPECT_FALSE(expected.empty());
  EXPECT_NE(static_cast<off_t>(expected.size()), st.st_size);
  EXPECT_TRUE(Contents(dir.Join("copy")) == expected);
}

TEST(CopyFile, AnEmptyRegularFileGivesAnEmptyCopy) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), ""));
  ASSERT_NO_ERRNO(WriteFile(dir.Join("dst"), "old"));
  uint64_t copied = 99;
  ASSERT_THAT(mk_copy_file(dir.Join("src").c_str(), dir.Join("dst").c_str(), nullptr, &copied),
              ReturnsSuccess());
  EXPECT_EQ(copied, 0u);
  EXPECT_EQ(Contents(dir.Join("dst")), "");
}

// Binds a unix socket at dir/name (by a relative name: a full path under
// TEST_TMPDIR may not fit in sun_path). Returns the socket.
ScopedFd BindSocket(const TempDirectory &dir, const char *name) {
  ScopedFd sock(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  ScopedFd cwd(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (chdir(dir.path().c_str()) != 0) return ScopedFd();
  struct sockaddr_un addr = {};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, name, sizeof addr.sun_path - 1);
  int bound = bind(sock.get(), reinterpret_cast<sockaddr *>(&addr), sizeof addr);
  if (fchdir(cwd.get()) != 0 || bound != 0) return ScopedFd();
  return sock;
}

TEST(CopyFile, FifosDevicesAndSocketsAreRefusedWithoutBlocking) {
  TempDirectory dir;
  ASSERT_EQ(mkfifo(dir.Join("fifo").c_str(), 0644), 0);
  ScopedFd sock = BindSocket(dir, "sock");
  ASSERT_TRUE(sock.valid()) << strerror(errno);

  EXPECT_EQ(Copy(dir.Join("fifo"), dir.Join("dst")), "ESPIPE at OPEN_SOURCE");
  EXPECT_EQ(Copy("/dev/zero", dir.Join("dst")), "EINVAL at OPEN_SOURCE");
  EXPECT_EQ(Copy(dir.Join("sock"), dir.Join("dst")), "ESPIPE at OPEN_SOURCE");
  EXPECT_EQ(ListDir(dir.path()), (Names{"fifo", "sock"}));
}

TEST(CopyFile, FifoSocketAndDeviceDestinationsAreRefused) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "x"));
  ASSERT_EQ(mkfifo(dir.Join("fifo").c_str(), 0644), 0);
  ScopedFd sock = BindSocket(dir, "sock");
  ASSERT_TRUE(sock.valid()) << strerror(errno);
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("fifo")), "ESPIPE at STAT_DEST");
  EXPECT_EQ(Copy(dir.Join("src"), dir.Join("sock")), "ESPIPE at STAT_DEST");
  EXPECT_EQ(ListDir(dir.path()), (Names{"fifo", "sock", "src"}));
}

// dst is /dev/null bind-mounted over a file of ours, in a mount namespace of
// the child's own: a broken check could not replace the real device (and a
// rename onto a mount point fails anyway).
TEST(CopyFile, ADeviceDestinationIsRefused) {
  TempDirectory dir;
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), "x"));
  ASSERT_NO_ERRNO(WriteFile(dir.Join("null"), ""));
  std::string outcome = InChild([&] {
    std::string skip = EnterPrivateMountNamespace();
    if (!skip.empty()) return skip;
    if (mount("/dev/null", dir.Join("null").c_str(), nullptr, MS_BIND, nullptr) != 0) {
      return "skip: bind-mounting /dev/null: " + std::string(strerror(errno));
    }
    struct stat st;
    if (stat(dir.Join("null").c_str(), &st) != 0 || !S_ISCHR(st.st_mode))
      return std::string("no device");
    return Copy(dir.Join("src"), dir.Join("null")) + "; entries: " + Joined(ListDir(dir.path()));
  });
  if (outcome.rfind("skip: ", 0) == 0) GTEST_SKIP() << outcome;
  EXPECT_EQ(outcome, "EINVAL at STAT_DEST; entries: null src");
}

// --- other file systems ------------------------------------------------------------

TEST(CopyFile, FromAMemfdToTheTestDirectory) {
  const std::string data = Pattern(2 * kSmallWindow + 1, 11);
  ScopedFd mem(memfd_create("copy_file_test", MFD_CLOEXEC));
  ASSERT_TRUE(mem.valid());
  ASSERT_EQ(write(mem.get(), data.data(), data.size()), static_cast<ssize_t>(data.size()));
  TempDirectory dir;
  mk_copy_options options = Options(kSmallWindow);
  EXPECT_EQ(Copy("/proc/self/fd/" + std::to_string(mem.get()), dir.Join("dst"), &options),
            "success");
  EXPECT_TRUE(Contents(dir.Join("dst")) == data);
}

TEST(CopyFile, IntoDevShm) {
  MK_SKIP_IF(access("/dev/shm", W_OK) != 0);
  TempDirectory dir;
  const std::string data = Pattern(2 * kSmallWindow + 1, 12);
  ASSERT_NO_ERRNO(WriteFile(dir.Join("src"), data));
  TempFile dst("old", "/dev/shm");
  struct stat a, b;
  ASSERT_EQ(stat(dir.path().c_str(), &a), 0);
  ASSERT_EQ(stat("/dev/shm", &b), 0);
  MK_SKIP_IF(a.st_dev == b.st_dev);
  mk_copy_options options = Options(kSmallWindow);

  EXPECT_EQ(Copy(dir.Join("src"), dst.path(), &options), "success");
  EXPECT_TRUE(Contents(dst.path()) == data);
  const std::string name = dst.path().substr(dst.path().rfind('/') + 1);
  for (const std::string &entry : ListDir("/dev/shm")) {
    EXPECT_NE(entry.rfind("." + name + ".mmapkit-", 0), 0u) << "left behind: " << entry;
  }
}

}  // namespace
}  // namespace mk_copy_testing
