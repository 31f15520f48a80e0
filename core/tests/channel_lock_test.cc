// The channel's locks (core/src/channel_lock.h, private), in both of their
// forms: a robust pthread mutex, and the futex word with an owner record
// used where robust futexes do not work. Mutual exclusion across processes,
// deadlines, and above all a holder that dies: the next taker is told (1)
// and goes on; one that is only stopped is never taken over.
// White-box: the channel tests reach these cases only in one form per run.
#include "core/src/channel_lock.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "gtest/gtest.h"

namespace {

using mk_posix::ChildCheck;
using mk_posix::ChildProcess;
using mk_testing::ExitedWith;
using mk_testing::KilledBySignal;
using mk_posix::RunInChild;
using mk_posix::StartChild;

const mk__channel_deadline kNever = {mk__channel_deadline::MK_DEADLINE_NEVER, {0, 0}};
const mk__channel_deadline kNow = {mk__channel_deadline::MK_DEADLINE_NOW, {0, 0}};

// A lock and a counter in memory shared with forked children.
struct Shared {
  mk__channel_lock lock;
  long counter;
  uint32_t stage;  // how far a child got, for the parent to wait on
};

class LockTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam() && !mk__robust_futexes_work()) {
      GTEST_SKIP() << "robust futexes do not work here (emulator or sandbox)";
    }
    void *mem =
        mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(MAP_FAILED, mem);
    shared_ = static_cast<Shared *>(mem);
    ASSERT_EQ(0, mk__lock_init(&shared_->lock, GetParam() ? 1 : 0));
  }
  void TearDown() override {
    if (shared_ != nullptr) munmap(shared_, sizeof(Shared));
  }

  // Blocks until a child set stage to at least want (bounded).
  bool WaitForStage(uint32_t want) {
    for (int i = 0; i < 10000; i++) {
      if (__atomic_load_n(&shared_->stage, __ATOMIC_ACQUIRE) >= want) return true;
      usleep(1000);
    }
    return false;
  }

  void SetStage(uint32_t stage) { __atomic_store_n(&shared_->stage, stage, __ATOMIC_RELEASE); }

  mk__channel_lock *lock() { return &shared_->lock; }

  Shared *shared_ = nullptr;
};

TEST_P(LockTest, TakeThenReleaseAndOthersWaitMeanwhile) {
  ASSERT_EQ(0, mk__lock_take(lock(), &kNever));
  EXPECT_THAT(RunInChild([&] {
                ChildCheck(mk__lock_take(lock(), &kNow) == -EAGAIN, "NOW while held: EAGAIN");
              }),
              ExitedWith(0));
  mk__lock_release(lock());
  EXPECT_THAT(RunInChild([&] {
                ChildCheck(mk__lock_take(lock(), &kNow) == 0, "NOW while free: taken");
                mk__lock_release(lock());
              }),
              ExitedWith(0));
}

TEST_P(LockTest, ADeadlineBoundsTheWaitForALiveHolder) {
  ASSERT_EQ(0, mk__lock_take(lock(), &kNever));
  EXPECT_THAT(RunInChild([&] {
                auto start = std::chrono::steady_clock::now();
                mk__channel_deadline d = mk__channel_deadline_after(120);
                ChildCheck(mk__lock_take(lock(), &d) == -ETIMEDOUT, "ETIMEDOUT");
                ChildCheck(
                    std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(120),
                    "waited the timeout");
              }),
              ExitedWith(0));
  mk__lock_release(lock());
}

// Every increment under the lock, from several processes at once: none lost.
TEST_P(LockTest, ExcludesAcrossProcesses) {
  constexpr int kChildren = 4, kEach = 2000;
  std::vector<ChildProcess> children;
  for (int k = 0; k < kChildren; k++) {
    children.push_back(StartChild([&] {
      for (int i = 0; i < kEach; i++) {
        ChildCheck(mk__lock_take(lock(), &kNever) == 0, "take");
        long v = shared_->counter;  // a lost update shows if two hold it at once
        sched_yield();
        shared_->counter = v + 1;
        mk__lock_release(lock());
      }
    }));
  }
  for (auto &child : children) EXPECT_THAT(child.Wait(), ExitedWith(0));
  EXPECT_EQ(kChildren * kEach, shared_->counter);
}

// The holder is killed (or exits) holding the lock: each kind of taker gets
// it, told that the holder died; the one after that is told nothing.
TEST_P(LockTest, AHolderThatDiesHandsItOnToEveryKindOfTaker) {
  for (int kind = 0; kind < 3; kind++) {
    SCOPED_TRACE(kind == 0 ? "never" : kind == 1 ? "now" : "deadline");
    EXPECT_THAT(RunInChild([&] {
                  ChildCheck(mk__lock_take(lock(), &kNever) == 0, "take");
                  raise(SIGKILL);
                }),
                KilledBySignal(SIGKILL));
    // In a child: a taker that waits for the dead holder forever is killed
    // at the child's deadline instead of hanging the test.
    EXPECT_THAT(RunInChild([&] {
                  mk__channel_deadline d = kind == 0   ? kNever
                                           : kind == 1 ? kNow
                                                       : mk__channel_deadline_after(5000);
                  ChildCheck(mk__lock_take(lock(), &d) == 1, "taken, told the holder died");
                  mk__lock_release(lock());
                  ChildCheck(mk__lock_take(lock(), &kNow) == 0, "then taken, told nothing");
                  mk__lock_release(lock());
                }),
                ExitedWith(0));
  }
}

// A waiter already asleep when the holder dies gets the lock too.
TEST_P(LockTest, AWaiterAsleepWhenTheHolderDiesGetsIt) {
  ChildProcess holder = StartChild([&] {
    ChildCheck(mk__lock_take(lock(), &kNever) == 0, "take");
    SetStage(1);
    pause();  // until killed
  });
  ASSERT_TRUE(WaitForStage(1));
  ChildProcess waiter = StartChild([&] {
    ChildCheck(mk__lock_take(lock(), &kNever) == 1, "told the holder died");
    mk__lock_release(lock());
  });
  usleep(20000);  // let it fall asleep (if not, it takes the lock the same way)
  ASSERT_EQ(0, kill(holder.pid(), SIGKILL));
  EXPECT_THAT(holder.Wait(), KilledBySignal(SIGKILL));
  EXPECT_THAT(waiter.Wait(), ExitedWith(0));
}

// Stopped is not dead: a stopped holder costs takers their deadline.
TEST_P(LockTest, AStoppedHolderIsNotTakenOver) {
  ChildProcess holder = StartChild([&] {
    ChildCheck(mk__lock_take(lock(), &kNever) == 0, "take");
    SetStage(1);
    raise(SIGSTOP);
    shared_->counter = 42;  // still the owner when continued
    mk__lock_release(lock());
  });
  ASSERT_TRUE(WaitForStage(1));
  mk__channel_deadline d = mk__channel_deadline_after(120);
  EXPECT_EQ(-ETIMEDOUT, mk__lock_take(lock(), &d));
  EXPECT_EQ(-EAGAIN, mk__lock_take(lock(), &kNow));
  ASSERT_EQ(0, kill(holder.pid(), SIGCONT));
  EXPECT_THAT(holder.Wait(), ExitedWith(0));
  EXPECT_EQ(0, mk__lock_take(lock(), &kNow));
  EXPECT_EQ(42, shared_->counter);
  mk__lock_release(lock());
}

INSTANTIATE_TEST_SUITE_P(BothForms, LockTest, ::testing::Values(true, false),
                         [](const ::testing::TestParamInfo<bool> &param) {
                           return std::string(param.param ? "RobustMutex" : "ThreadRecords");
                         });

// --- thread records only: the futex word without a matching record --------

class RecordsLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    void *mem = mmap(nullptr, sizeof(mk__channel_lock), PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(MAP_FAILED, mem);
    lock_ = static_cast<mk__channel_lock *>(mem);
    ASSERT_EQ(0, mk__lock_init(lock_, 0));
  }
  void TearDown() override { munmap(lock_, sizeof(mk__channel_lock)); }
  mk__channel_lock *lock_ = nullptr;
};

// The holder died between setting the word and writing its record: the
// word's thread id alone shows it dead, reaped or zombie.
TEST_F(RecordsLockTest, AHolderThatDiedBeforeWritingItsRecordIsTakenOver) {
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) _exit(0);
  siginfo_t info;
  ASSERT_EQ(0, waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT));
  lock_->word = static_cast<uint32_t>(pid);  // a zombie's id, no record
  EXPECT_EQ(1, mk__lock_take(lock_, &kNow)) << "zombie holder";
  mk__lock_release(lock_);
  ASSERT_EQ(pid, waitpid(pid, nullptr, 0));
  lock_->word = static_cast<uint32_t>(pid) | 0x80000000u;  // reaped, with the waiters flag
  EXPECT_EQ(1, mk__lock_take(lock_, &kNow)) << "reaped holder";
  mk__lock_release(lock_);
}

// A record left by an earlier holder must not condemn the current one: the
// word names a live thread whose record is not written yet.
TEST_F(RecordsLockTest, AStaleRecordDoesNotCondemnALiveHolder) {
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) _exit(0);
  ASSERT_EQ(pid, waitpid(pid, nullptr, 0));
  const mk__thread dead = {pid, pid, 1};
  mk__thread_record_write(&lock_->owner, &dead);
  lock_->word = static_cast<uint32_t>(syscall(SYS_gettid));  // we hold it, record not ours
  EXPECT_THAT(RunInChild([&] {
                ChildCheck(mk__lock_take(lock_, &kNow) == -EAGAIN, "EAGAIN: the holder lives");
              }),
              ExitedWith(0));
}

}  // namespace
