// Many copies at once in one process. The SIGBUS guard is one process-wide
// handler with a frame per thread: a source truncated under one thread's
// window faults in that thread only, and must turn into that copy's -ENODATA
// while the other threads' copies - mid-memcpy on their own mappings, not
// synchronised with the fault in any way - go on and succeed byte for byte.
// A fault that belongs to no copy still kills the process, even while every
// other thread is inside a guarded window.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "core/tests/copy_test_support.h"
#include "gtest/gtest.h"
#include "mmapkit/copy.h"
#include "mmapkit/util.h"

namespace mk_copy_testing {
namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 6;
constexpr size_t kWindow = 32 * kKiB;
constexpr uint64_t kSize = 12 * kWindow + 123;  // windows, and a last partial page

// Round r of thread t: which API, which strategy, and whether (and before
// which window) the thread cuts its own source. Every third copy is cut;
// most copies use MAP_BOTH, whose memcpy is what faults with SIGBUS.
struct Plan {
  bool whole_file;  // mk_copy_file, else mk_copy_range
  mk_copy_strategy strategy;
  int cut_before_window;  // -1: never
};

Plan PlanFor(int t, int r) {
  static const mk_copy_strategy kMostlyMapBoth[] = {MK_COPY_MAP_BOTH, MK_COPY_MAP_SRC_WRITE,
                                                    MK_COPY_MAP_BOTH, MK_COPY_MAP_DST_READ};
  Plan p;
  p.whole_file = (t + r) % 2 == 0;
  p.strategy = kMostlyMapBoth[(t + 3 * r) % 4];
  p.cut_before_window = (t + r) % 3 == 0 ? 1 + (t * 5 + r) % 10 : -1;
  return p;
}

// One copy by thread t in round r: "success" or the error, checked against
// the plan. The destination must then be the whole source, or (after an
// error) what it was before.
std::string CopyOnce(const TempDirectory &dir, int t, int r) {
  const Plan plan = PlanFor(t, r);
  const std::string tag = std::to_string(t) + "-" + std::to_string(r);
  const std::string src = dir.Join("src" + tag), dst = dir.Join("dst" + tag);
  const std::string content = Pattern(kSize, 100 + t * kRounds + r);
  const std::string old = "old " + tag;
  if (!WriteFile(src, content) || !WriteFile(dst, old)) return "setup failed: " + tag;

  int window = 0;
  Progress progress([&](uint64_t done, uint64_t total) {
    if (done < total && window++ == plan.cut_before_window) {
      // Past the next window's first page: its memcpy faults.
      if (truncate(src.c_str(), static_cast<off_t>(done + kPage / 2)) != 0) return 1;
    }
    return 0;
  });
  mk_copy_options options = progress.Options(kWindow, 0, plan.strategy);
  std::string outcome;
  bool dst_ok;
  if (plan.whole_file) {
    outcome = Copy(src, dst, &options);
    dst_ok = Contents(dst) == (outcome == "success" ? content : old);
  } else {
    ScopedFd in(open(src.c_str(), O_RDONLY | O_CLOEXEC)),
        out(open(dst.c_str(), O_RDWR | O_CLOEXEC));
    int rc = mk_copy_range(in.get(), 0, out.get(), 0, kSize, &options);
    outcome = rc == 0 ? "success" : mk_errno_name(rc);
    // After an error the range may be partly written, but the size is the old one.
    std::string got = Contents(dst);
    dst_ok = rc == 0 ? got == content : got.size() == old.size();
    for (size_t i = 0; rc != 0 && dst_ok && i < got.size(); i++) {
      dst_ok = got[i] == old[i] || got[i] == content[i];
    }
  }
  const std::string want = plan.cut_before_window >= 0
                               ? (plan.whole_file ? "ENODATA at READ_SOURCE" : "ENODATA")
                               : "success";
  if (outcome != want || !dst_ok) {
    return "thread " + std::to_string(t) + " round " + std::to_string(r) + " (" +
           StrategyName(plan.strategy) + (plan.whole_file ? ", mk_copy_file" : ", mk_copy_range") +
           ", cut before window " + std::to_string(plan.cut_before_window) + "): " + outcome +
           ", want " + want +
           (dst_ok ? "" : "; the destination is neither the copy nor the old file (size)");
  }
  unlink(src.c_str());
  unlink(dst.c_str());
  return "";
}

// Whatever disposition SIGBUS has now: its handler as a number, for comparing.
uintptr_t SigbusDisposition() {
  struct sigaction now = {};
  sigaction(SIGBUS, nullptr, &now);
  return reinterpret_cast<uintptr_t>(now.sa_handler);
}

TEST(CopyThreads, AFaultInOneThreadsWindowIsThatCopysErrorOnly) {
  TempDirectory dir;
  const uintptr_t before = SigbusDisposition();
  std::vector<std::vector<std::string>> failures(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; t++) {
    threads.emplace_back([&, t] {
      ready++;
      while (ready.load() < kThreads) std::this_thread::yield();  // start together
      for (int r = 0; r < kRounds; r++) {
        std::string why = CopyOnce(dir, t, r);
        if (!why.empty()) failures[t].push_back(why);
      }
    });
  }
  for (std::thread &t : threads) t.join();

  for (int t = 0; t < kThreads; t++) {
    EXPECT_TRUE(failures[t].empty()) << Joined(failures[t]);
  }
  EXPECT_EQ(ListDir(dir.path()), Names{}) << "temporary files left behind";
  EXPECT_EQ(SigbusDisposition(), before) << "the SIGBUS disposition was not restored";
}

// Copies that keep going (MAP_BOTH, small windows) in kThreads threads while
// the main thread touches a page of a file truncated under its mapping: that
// fault is nobody's copy, so the process dies of it, with its si_code.
TEST(CopyThreads, AFaultOutsideEveryCopyStillKillsTheProcess) {
  TempDirectory dir;
  ASSERT_TRUE(WriteFile(dir.Join("src"), Pattern(kSize, 7)));
  TempFile victim(Pattern(kPage, 8));
  EXPECT_THAT(RunInChild([&] {
                ScopedFd fd = victim.Open(O_RDWR);
                mk_posix::Mapping dead =
                    mk_posix::Mmap(nullptr, kPage, PROT_READ, MAP_SHARED, fd.get(), 0);
                if (!dead.valid() || ftruncate(fd.get(), 0) != 0) _exit(3);
                std::atomic<int> copying{0};
                for (int t = 0; t < kThreads; t++) {
                  std::thread([&, t] {
                    Progress count([&](uint64_t, uint64_t) {
                      copying++;
                      return 0;
                    });
                    mk_copy_options options =
                        count.Options(kPage, 0, MK_COPY_MAP_BOTH);  // holds the guard
                    const std::string dst = dir.Join("dst" + std::to_string(t));
                    for (;;) Copy(dir.Join("src"), dst, &options);
                  }).detach();
                }
                while (copying.load() < 10 * kThreads) std::this_thread::yield();
                (void)*dead.vptr();  // SIGBUS, BUS_ADRERR
                _exit(4);
              }),
              KilledBySignal(SIGBUS, BUS_ADRERR));
}

}  // namespace
}  // namespace mk_copy_testing
