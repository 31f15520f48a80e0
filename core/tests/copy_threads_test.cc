// Several threads copying one file's windows at once (options.threads): the
// same bytes and holes as one thread, with every strategy; the progress
// callback only on the calling thread, one call at a time, done never going
// down, its first call before any thread copies; a cancel and a SIGBUS in a
// helper's window give the same errors as with one thread and leave the
// destination as before (a full file system: copy_space_test); every helper
// is gone when the call returns. Automatic (0) uses one thread below
// MK_COPY_AUTO_THREADS_FROM bytes of data.
//
// Which thread takes which window is up to the scheduler. Where a check needs
// the helpers to be still copying when the calling thread's callback runs
// (they may have taken every window by then), it tries again, a few times.
#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
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

// Threads of this process now.
size_t Threads() {
  return ListDir("/proc/self/task").size();
}

pid_t Tid() {
  return static_cast<pid_t>(syscall(SYS_gettid));
}

mk_copy_options WithThreads(mk_copy_options options, unsigned threads) {
  options.threads = threads;
  return options;
}

// 40 windows and a bit, with holes: window-aligned, mid-window, at the end.
uint64_t MakeHoledSource(const std::string &path) {
  const uint64_t size = 40 * kWindow + 123;
  EXPECT_NO_ERRNO(MakeSparseFile(path, size,
                             {{0, Pattern(10 * kWindow + 7, 1)},
                              {12 * kWindow, Pattern(5 * kWindow, 2)},
                              {20 * kWindow + 100, Pattern(15 * kWindow, 3)}}))
      << strerror(errno);
  return size;
}

class CopyThreadsTest : public ::testing::TestWithParam<std::tuple<mk_copy_strategy, unsigned>> {
 protected:
  mk_copy_options Opts(unsigned flags = 0) const {
    return WithThreads(Options(kWindow, flags, std::get<0>(GetParam())), std::get<1>(GetParam()));
  }
};

TEST_P(CopyThreadsTest, FileCopyIsByteExactAndKeepsHoles) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  MakeHoledSource(src);
  const size_t before = Threads();
  for (unsigned flags : {0u, MK_COPY_NO_RESERVE}) {
    mk_copy_options options = Opts(flags);
    EXPECT_EQ(Copy(src, dst, &options), "success");
    std::string why;
    EXPECT_TRUE(SameBytes(src, dst, &why)) << why;
    EXPECT_LE(AllocatedBytes(dst), AllocatedBytes(src) + 64 * kKiB) << "holes were filled";
  }
  EXPECT_EQ(Threads(), before) << "a helper thread outlived the copy";
}

TEST_P(CopyThreadsTest, InPlaceCopyIsByteExact) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  MakeHoledSource(src);
  ASSERT_NO_ERRNO(WriteFile(dst, Pattern(60 * kWindow, 9)));  // longer, no holes
  mk_copy_options options = Opts(MK_COPY_IN_PLACE);
  EXPECT_EQ(Copy(src, dst, &options), "success");
  std::string why;
  EXPECT_TRUE(SameBytes(src, dst, &why)) << why;
}

// Offsets off the page grid on both sides, and bytes around the range kept.
TEST_P(CopyThreadsTest, RangeCopyIsByteExactAtUnalignedOffsets) {
  const std::string data = Pattern(50 * kWindow + 77, 4);
  const std::string old = Pattern(60 * kWindow, 5);
  TempFile src(data), dst(old);
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  const uint64_t in_off = 3 * kPage + 5, out_off = 123, len = data.size() - in_off - 1000;
  mk_copy_options options = Opts();

  ASSERT_THAT(mk_copy_range(in.get(), in_off, out.get(), out_off, len, &options), ReturnsSuccess());
  std::string want = old;
  want.replace(out_off, len, data, in_off, len);
  EXPECT_TRUE(Contents(out.get()) == want) << "the range or the bytes around it differ";
}

// The callback runs on the calling thread, one call at a time, with done
// never going down, and once more with done == total before the rename.
TEST_P(CopyThreadsTest, ProgressComesFromTheCallingThreadInOrder) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  const uint64_t size = MakeHoledSource(src);
  const pid_t caller = Tid();
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  bool other_thread = false;
  Progress progress([&](uint64_t done, uint64_t total) {
    other_thread |= Tid() != caller;
    calls.emplace_back(done, total);
    return 0;
  });
  mk_copy_options options =
      WithThreads(progress.Options(kWindow, 0, std::get<0>(GetParam())), std::get<1>(GetParam()));

  ASSERT_EQ(Copy(src, dst, &options), "success");
  EXPECT_FALSE(other_thread) << "the callback ran on a helper thread";
  ASSERT_GE(calls.size(), 2u);  // before the first window, and before the rename
  EXPECT_EQ(calls.front().first, 0u);
  for (size_t i = 0; i < calls.size(); i++) {
    EXPECT_EQ(calls[i].second, size) << "call " << i;
    EXPECT_LE(calls[i].first, size) << "call " << i;
    if (i > 0) {
      EXPECT_GE(calls[i].first, calls[i - 1].first) << "done went down at call " << i;
    }
  }
  EXPECT_EQ(calls.back().first, size);
}

// Cancelled at the first call, before any thread copies: nothing copied,
// no helper started. Cancelled at the second, while helpers copy: they stop
// too. Either way -ECANCELED, the destination as it was, no temporary file,
// no helper left.
TEST_P(CopyThreadsTest, CancelStopsEveryThreadAndChangesNothing) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  // One page per window, thousands of windows: the calling thread's second
  // call comes while helpers still have many windows to copy.
  ASSERT_NO_ERRNO(WriteFile(src, Pattern(4096 * kPage, 6)));
  ASSERT_NO_ERRNO(WriteFile(dst, "old"));
  const size_t before = Threads();
  for (int cancel_at : {1, 2}) {
    bool reached = false;
    for (int attempt = 0; attempt < 5 && !reached; attempt++) {
      int calls = 0;
      size_t most = 0;
      Progress progress([&](uint64_t done, uint64_t total) {
        most = std::max(most, Threads());
        return done < total && ++calls == cancel_at ? 1 : 0;
      });
      mk_copy_options options =
          WithThreads(progress.Options(kPage, 0, std::get<0>(GetParam())), std::get<1>(GetParam()));
      std::string outcome = Copy(src, dst, &options);
      reached = calls == cancel_at;
      if (!reached) {  // the helpers took every window first: dst was replaced
        ASSERT_NO_ERRNO(WriteFile(dst, "old"));
        continue;
      }
      EXPECT_EQ(outcome, "ECANCELED at NONE") << "cancel at call " << cancel_at;
      if (cancel_at == 1) {
        EXPECT_EQ(most, before) << "a helper started before the first call";
      }
    }
    EXPECT_TRUE(reached) << "call " << cancel_at << " never came, 5 times";
    EXPECT_TRUE(Contents(dst) == "old") << "the destination changed";
    EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "src"}));
    EXPECT_EQ(Threads(), before);
  }
}

INSTANTIATE_TEST_SUITE_P(StrategiesAndThreads, CopyThreadsTest,
                         ::testing::Combine(::testing::Values(MK_COPY_MAP_BOTH,
                                                              MK_COPY_MAP_SRC_WRITE,
                                                              MK_COPY_MAP_DST_READ),
                                            ::testing::Values(2u, 3u, 8u)));

// The source is truncated while a helper copies: at the calling thread's
// second callback (helpers start after the first), which then waits until
// the helper has stopped. The helper's own window faulted (SIGBUS under
// MK_COPY_MAP_BOTH, EFAULT inside pwrite or pread otherwise), and the copy
// fails with -ENODATA instead of the process dying. The destination range
// is pre-sized, so what the helper copied before the fault stays visible:
// fewer bytes than all prove it stopped at a fault.
class CopyThreadsFaultTest : public ::testing::TestWithParam<mk_copy_strategy> {};

TEST_P(CopyThreadsFaultTest, ATruncatedSourceInAHelpersWindowIsEnodata) {
  const uint64_t len = 2048 * kPage;  // one page per window: many windows
  const std::string data = Pattern(len, 7);
  const size_t before = Threads();
  bool helper_faulted = false;
  for (int attempt = 0; attempt < 5 && !helper_faulted; attempt++) {
    TempFile src(data), dst(std::string(len, '\0'));
    ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
    int calls = 0;
    Progress progress([&](uint64_t, uint64_t) {
      if (++calls != 2) return 0;
      if (truncate(src.path().c_str(), 0) != 0) return 1;
      // The helper stops at its first window past the truncation, or when
      // no window is left; a bounded wait, not a timing assertion.
      for (int i = 0; i < 30000 && Threads() > before; i++) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      return 0;
    });
    mk_copy_options options = WithThreads(progress.Options(kPage, 0, GetParam()), 2);

    int rc = mk_copy_range(in.get(), 0, out.get(), 0, len, &options);
    if (calls < 2) continue;  // the helper took every window first
    ASSERT_THAT(rc, ReturnsErrno(ENODATA));
    ASSERT_EQ(Threads(), before) << "the helper did not stop";
    helper_faulted = Contents(out.get()) != data;
  }
  EXPECT_TRUE(helper_faulted) << "the helper copied every window before the truncation, 5 times";
}

INSTANTIATE_TEST_SUITE_P(Strategies, CopyThreadsFaultTest,
                         ::testing::Values(MK_COPY_MAP_BOTH, MK_COPY_MAP_SRC_WRITE,
                                           MK_COPY_MAP_DST_READ));

TEST(CopyThreads, MoreThanTheMostThreadsIsEinval) {
  TempFile src(Pattern(kWindow, 1)), dst("");
  ScopedFd in = src.Open(O_RDONLY), out = dst.Open(O_RDWR);
  mk_copy_options options = WithThreads(Options(), MK_COPY_MAX_THREADS + 1);
  EXPECT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, kWindow, &options), ReturnsErrno(EINVAL));
  EXPECT_EQ(Copy(src.path(), src.path() + ".copy", &options), "EINVAL at NONE");
  options.threads = MK_COPY_MAX_THREADS;
  EXPECT_THAT(mk_copy_range(in.get(), 0, out.get(), 0, kWindow, &options), ReturnsSuccess());
}

// The most threads the callback saw while src was copied to dst, over up
// to three copies (helpers start after the first call and may take every
// window before a second one comes).
size_t ThreadsDuringCopy(const std::string &src, const std::string &dst, unsigned threads,
                         size_t enough) {
  size_t most = 0;
  for (int attempt = 0; attempt < 3 && most < enough; attempt++) {
    Progress progress([&](uint64_t, uint64_t) {
      most = std::max(most, Threads());
      return 0;
    });
    // Small windows: many calls while helpers copy.
    mk_copy_options options = WithThreads(progress.Options(64 * kKiB), threads);
    EXPECT_EQ(Copy(src, dst, &options), "success");
  }
  return most;
}

// Zero-initialised options: one thread for a small file, and for a large
// sparse one with little data; for MK_COPY_AUTO_THREADS_FROM bytes of data,
// MK_COPY_AUTO_THREADS where there are that many CPUs.
TEST(CopyThreads, AutomaticUsesOneThreadForLittleData) {
  TempDirectory dir;
  const std::string small = dir.Join("small"), sparse = dir.Join("sparse"), big = dir.Join("big");
  ASSERT_NO_ERRNO(WriteFile(small, Pattern(MK_COPY_DEFAULT_WINDOW * 3, 1)));
  ASSERT_NO_ERRNO(MakeSparseFile(sparse, 4 * MK_COPY_AUTO_THREADS_FROM,
                             {{0, Pattern(MK_COPY_DEFAULT_WINDOW * 3, 2)}}));
  ASSERT_NO_ERRNO(WriteFile(big, Pattern(MK_COPY_AUTO_THREADS_FROM, 3)));
  const size_t before = Threads();
  cpu_set_t set;
  ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
  const size_t automatic = std::min<size_t>(MK_COPY_AUTO_THREADS, CPU_COUNT(&set));

  EXPECT_EQ(ThreadsDuringCopy(small, dir.Join("c1"), 0, before + 1), before);
  EXPECT_EQ(ThreadsDuringCopy(sparse, dir.Join("c2"), 0, before + 1), before);
  EXPECT_EQ(ThreadsDuringCopy(big, dir.Join("c3"), 0, before + automatic - 1),
            before + automatic - 1);
  EXPECT_EQ(ThreadsDuringCopy(big, dir.Join("c4"), 3, before + 2), before + 2)
      << "threads = 3 asked for";
  EXPECT_EQ(Threads(), before);
}

}  // namespace
}  // namespace mk_copy_testing
