// A source truncated during the copy is an error (-ENODATA), never a SIGBUS
// death, and the destination stays as it was. The truncation happens
// deterministically from the progress callback, between two windows, so the
// next window's memcpy (or pread/pwrite) hits pages past the new end.
// Also: the SIGBUS guard works for several threads at once, passes faults
// that are not its own to the previous disposition (killing the process by
// default), and restores that disposition when the copies end.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
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

constexpr size_t kWindow = 16 * kKiB;

// A progress callback that truncates path to new_size before the window that
// starts at `at`.
Progress TruncateBefore(const std::string &path, uint64_t at, uint64_t new_size) {
  return Progress([=](uint64_t done, uint64_t) {
    if (done == at && truncate(path.c_str(), static_cast<off_t>(new_size)) != 0) return 1;
    return 0;
  });
}

// (strategy, new size of the source): cut at the window boundary, inside the
// first page of the next window, or pages into it.
class CopySourceTruncatedTest
    : public ::testing::TestWithParam<std::tuple<mk_copy_strategy, uint64_t>> {};

TEST_P(CopySourceTruncatedTest, FileCopyFailsWithEnodataAndLeavesTheDestination) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  const std::string old = Pattern(kWindow / 3, 2);
  ASSERT_NO_ERRNO(WriteFile(src, Pattern(4 * kWindow, 1)));
  ASSERT_NO_ERRNO(WriteFile(dst, old));
  Progress progress = TruncateBefore(src, kWindow, std::get<1>(GetParam()));
  mk_copy_options options = progress.Options(kWindow, 0, std::get<0>(GetParam()));

  EXPECT_EQ(Copy(src, dst, &options), "ENODATA at READ_SOURCE");
  EXPECT_TRUE(Contents(dst) == old) << "the destination changed";
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "src"}));
}

TEST_P(CopySourceTruncatedTest, RangeCopyFailsWithEnodataAndRestoresTheSize) {
  TempFile src(Pattern(4 * kWindow, 3)), dst("old");
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  Progress progress = TruncateBefore(src.path(), kWindow, std::get<1>(GetParam()));
  mk_copy_options options = progress.Options(kWindow, 0, std::get<0>(GetParam()));

  EXPECT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, 4 * kWindow, &options),
              ReturnsErrno(ENODATA));
  struct stat st;
  ASSERT_EQ(fstat(out.get(), &st), 0);
  EXPECT_EQ(st.st_size, 3);
}

INSTANTIATE_TEST_SUITE_P(
    Cuts, CopySourceTruncatedTest,
    ::testing::Combine(::testing::Values(MK_COPY_MAP_BOTH, MK_COPY_MAP_SRC_WRITE,
                                         MK_COPY_MAP_DST_READ),
                       ::testing::Values(kWindow, kWindow + 100, kWindow + 2 * kPage + 1)));

// The source shrinks inside its last page: the bytes past the new end read as
// zeros (no fault), so only the size check after the loop notices.
class CopySourceShrinksInLastPageTest : public ::testing::TestWithParam<mk_copy_strategy> {};

TEST_P(CopySourceShrinksInLastPageTest, RangeCopyFailsWithEnodata) {
  TempFile src(Pattern(kPage - 8, 6)), dst("old");
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  Progress progress = TruncateBefore(src.path(), 0, 42);
  mk_copy_options options = progress.Options(kWindow, 0, GetParam());

  EXPECT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, 45, &options), ReturnsErrno(ENODATA));
  struct stat st;
  ASSERT_EQ(fstat(out.get(), &st), 0);
  EXPECT_EQ(st.st_size, 3);
}

INSTANTIATE_TEST_SUITE_P(Strategies, CopySourceShrinksInLastPageTest,
                         ::testing::Values(MK_COPY_MAP_BOTH, MK_COPY_MAP_SRC_WRITE,
                                           MK_COPY_MAP_DST_READ));

// The source loses its last data segment before the copy reaches it: no
// access faults (SEEK_DATA simply finds no more data), yet the copy would be
// short. The size check after the loop catches it.
TEST(CopySourceTruncated, ShrinkingPastTheLastDataIsCaughtWithoutAFault) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  ASSERT_NO_ERRNO(MakeSparseFile(
      src, 2 * kMiB, {{0, Pattern(kWindow, 4)}, {2 * kMiB - kWindow, Pattern(kWindow, 5)}}));
  ASSERT_NO_ERRNO(WriteFile(dst, "old"));
  Progress progress = TruncateBefore(src, 0, kWindow);
  mk_copy_options options = progress.Options(kWindow, 0, MK_COPY_MAP_BOTH);

  EXPECT_EQ(Copy(src, dst, &options), "ENODATA at READ_SOURCE");
  EXPECT_EQ(Contents(dst), "old");
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "src"}));
}

// Three threads copy at once. All meet in their progress callbacks after
// their first window; the third finishes its copy (releasing its hold on the
// guard) before the first two truncate their sources and go on to fault at
// the same time. Each must get its own -ENODATA.
TEST(CopySigbusGuard, ConcurrentCopiesEachCatchTheirOwnFault) {
  TempDirectory dir;
  std::mutex mu;
  std::condition_variable cv;
  int at_first_window = 0;
  bool third_done = false;
  std::vector<std::string> results(3);
  auto copy_in_thread = [&](int i) {
    const std::string src = dir.Join("src" + std::to_string(i));
    Progress progress([&, i, src](uint64_t done, uint64_t) {
      if (done != kWindow) return 0;
      std::unique_lock<std::mutex> lock(mu);
      at_first_window++;
      cv.notify_all();
      cv.wait(lock, [&] { return at_first_window == 3; });
      if (i == 2) return 0;
      cv.wait(lock, [&] { return third_done; });
      return truncate(src.c_str(), static_cast<off_t>(kWindow + 100)) == 0 ? 0 : 1;
    });
    mk_copy_options options = progress.Options(kWindow, 0, MK_COPY_MAP_BOTH);
    results[i] = Copy(src, dir.Join("dst" + std::to_string(i)), &options);
    if (i == 2) {
      std::lock_guard<std::mutex> lock(mu);
      third_done = true;
      cv.notify_all();
    }
  };
  for (int i = 0; i < 3; i++) {
    ASSERT_NO_ERRNO(WriteFile(dir.Join("src" + std::to_string(i)), Pattern(4 * kWindow, 10 + i)));
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; i++) threads.emplace_back(copy_in_thread, i);
  for (std::thread &t : threads) t.join();

  EXPECT_EQ(results, (std::vector<std::string>{"ENODATA at READ_SOURCE", "ENODATA at READ_SOURCE",
                                               "success"}));
  EXPECT_TRUE(Contents(dir.Join("dst2")) == Pattern(4 * kWindow, 12));
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst2", "src0", "src1", "src2"}));
}

// --- faults that are not the guard's -----------------------------------------

// A shared mapping of a file truncated to 0: touching it raises SIGBUS.
class ForeignFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_ERRNO(WriteFile(dir_.Join("src"), Pattern(3 * kWindow, 20)));
    ScopedFd fd = victim_.Open(O_RDWR);
    mapping_ = mk_posix::Mmap(nullptr, kPage, PROT_READ, MAP_SHARED, fd.get(), 0);
    ASSERT_TRUE(mapping_.valid()) << strerror(errno);
    ASSERT_EQ(ftruncate(fd.get(), 0), 0);
  }

  // Copies with a progress callback that touches the dead mapping while the
  // copy holds the guard.
  void CopyTouchingTheVictim() {
    Progress progress([this](uint64_t done, uint64_t) {
      if (done == kWindow) (void)*mapping_.vptr();
      return 0;
    });
    mk_copy_options options = progress.Options(kWindow, 0, MK_COPY_MAP_BOTH);
    Copy(dir_.Join("src"), dir_.Join("dst"), &options);
  }

  TempDirectory dir_;
  TempFile victim_{Pattern(kPage, 21)};
  mk_posix::Mapping mapping_;
};

TEST_F(ForeignFaultTest, StillKillsTheProcessWithItsSiCode) {
  // RunInChild's own fault reporter is the previous handler here (SA_RESETHAND).
  EXPECT_THAT(RunInChild([&] { CopyTouchingTheVictim(); }), KilledBySignal(SIGBUS, BUS_ADRERR));
}

TEST_F(ForeignFaultTest, StillKillsTheProcessUnderTheDefaultDisposition) {
  EXPECT_THAT(RunInChild([&] {
                signal(SIGBUS, SIG_DFL);
                CopyTouchingTheVictim();
              }),
              KilledBySignal(SIGBUS));
}

uintptr_t g_victim_addr;

void ExitIfVictimFault(int, siginfo_t *info, void *) {
  bool expected =
      info->si_code == BUS_ADRERR && reinterpret_cast<uintptr_t>(info->si_addr) == g_victim_addr;
  _exit(expected ? 42 : 43);
}

void ExitOnSignal(int) {
  _exit(44);
}

TEST_F(ForeignFaultTest, GoesToThePreviousHandlerWithItsSiginfo) {
  g_victim_addr = mapping_.addr_value();
  EXPECT_THAT(RunInChild([&] {
                struct sigaction sa = {};
                sa.sa_sigaction = ExitIfVictimFault;
                sa.sa_flags = SA_SIGINFO;
                sigaction(SIGBUS, &sa, nullptr);
                CopyTouchingTheVictim();
              }),
              ExitedWith(42));
  EXPECT_THAT(RunInChild([&] {
                signal(SIGBUS, ExitOnSignal);
                CopyTouchingTheVictim();
              }),
              ExitedWith(44));
}

void MyHandler(int, siginfo_t *, void *) {}

// Whose SIGBUS handler is installed between two windows of a successful
// copy with strategy and after it, then after a copy that fails because the
// source shrank: "success, during: mine|other, after: ...; ENODATA ...".
std::string HandlersAroundCopies(mk_copy_strategy strategy) {
  TempDirectory dir;
  const std::string src = dir.Join("src");
  EXPECT_NO_ERRNO(WriteFile(src, Pattern(3 * kWindow, 30)));
  return InChild([&] {
    struct sigaction mine = {}, now = {};
    mine.sa_sigaction = MyHandler;
    mine.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &mine, nullptr);
    auto which = [&] {
      sigaction(SIGBUS, nullptr, &now);
      return now.sa_sigaction == MyHandler && (now.sa_flags & SA_SIGINFO) ? "mine" : "other";
    };
    std::string during;
    Progress watch([&](uint64_t done, uint64_t) {
      if (done == kWindow) during = which();  // between two windows of the copy
      return 0;
    });
    mk_copy_options watching = watch.Options(kWindow, 0, strategy);
    std::string r = Copy(src, dir.Join("dst"), &watching) + ", during: " + during;
    r += ", after: " + std::string(which());
    Progress cut = TruncateBefore(src, kWindow, kWindow + 1);
    mk_copy_options cutting = cut.Options(kWindow, 0, strategy);
    r += "; " + Copy(src, dir.Join("dst"), &cutting) + ", after: " + which();
    return r;
  });
}

// The guard is installed only while a copy that touches mapped memory itself
// (MK_COPY_MAP_BOTH) runs; afterwards - success or failure - the
// application's handler is back.
TEST(CopySigbusGuard, RestoresThePreviousHandler) {
  EXPECT_EQ(HandlersAroundCopies(MK_COPY_MAP_BOTH),
            "success, during: other, after: mine; ENODATA at READ_SOURCE, after: mine");
}

// Strategies where the kernel does the copying (the default among them)
// never replace the process-wide handler, not even for a moment.
TEST(CopySigbusGuard, KernelCopyingStrategiesLeaveTheHandlerAlone) {
  for (mk_copy_strategy strategy : {MK_COPY_MAP_SRC_WRITE, MK_COPY_MAP_DST_READ}) {
    EXPECT_EQ(HandlersAroundCopies(strategy),
              "success, during: mine, after: mine; ENODATA at READ_SOURCE, after: mine")
        << mk_copy_strategy_name(strategy);
  }
}

}  // namespace
}  // namespace mk_copy_testing
