// The copy's SIGBUS guard (core/src/sigbus_guard.h, private) on its own: it
// claims a fault only inside the armed frame's own ranges and only a real
// fault (not a sent SIGBUS); each thread has its own frame, so two threads
// armed at the same time each get their own fault back; acquire/release
// nest and the last release restores the previous disposition.
// White-box: the copy tests cannot hold a frame armed while another thread
// faults, which is what a process-wide (not thread-local) frame would break.
#include "core/src/sigbus_guard.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "gtest/gtest.h"
#include "mmapkit/util.h"

namespace {

using mk_testing::ExitedWith;
using mk_testing::KilledBySignal;
using mk_posix::Mapping;
using mk_posix::RunInChild;
using mk_posix::ScopedFd;
using mk_posix::TempFile;

const size_t kPage = mk_page_size();

// Two pages of a file truncated to nothing: any access raises SIGBUS.
class DeadMapping {
 public:
  DeadMapping() : file_(std::string(2 * kPage, 'x')) {
    ScopedFd fd = file_.Open(O_RDWR);
    mapping_ = mk_posix::Mmap(nullptr, 2 * kPage, PROT_READ, MAP_SHARED, fd.get(), 0);
    if (!mapping_.valid() || ftruncate(fd.get(), 0) != 0) ADD_FAILURE() << strerror(errno);
  }
  volatile char *at(size_t offset) const { return mapping_.vptr() + offset; }
  char *base() const { return mapping_.ptr(); }
  size_t len() const { return mapping_.len(); }

 private:
  TempFile file_;
  Mapping mapping_;
};

// Arms a frame over ranges a and b, reads *touch; returns the claimed
// range (0 or 1), or -1 if the read did not fault.
int TouchGuarded(const DeadMapping &a, const DeadMapping *b, volatile char *touch,
                 uintptr_t *fault_addr = nullptr) {
  struct mk__sigbus_frame frame;
  mk__sigbus_frame_init(&frame, a.base(), a.len(), b ? b->base() : nullptr, b ? b->len() : 0);
  if (sigsetjmp(frame.env, 1) == 0) {
    mk__sigbus_arm(&frame);
    (void)*touch;
    mk__sigbus_disarm();
    return -1;
  }
  if (fault_addr != nullptr) *fault_addr = frame.fault_addr;
  return frame.fault_range;
}

class SigbusGuardTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(mk__sigbus_acquire(), 0); }
  void TearDown() override { mk__sigbus_release(); }
};

TEST_F(SigbusGuardTest, ClaimsAFaultInEitherRangeAndSaysWhere) {
  DeadMapping a, b;
  uintptr_t addr = 0;
  EXPECT_EQ(TouchGuarded(a, &b, a.at(kPage + 5), &addr), 0);
  EXPECT_EQ(addr, reinterpret_cast<uintptr_t>(a.at(kPage + 5)));
  EXPECT_EQ(TouchGuarded(a, &b, b.at(0), &addr), 1);
  EXPECT_EQ(addr, reinterpret_cast<uintptr_t>(b.at(0)));
  // The signal mask was restored by the jump: a second fault is claimed too.
  EXPECT_EQ(TouchGuarded(a, nullptr, a.at(0)), 0);
}

TEST(SigbusGuard, AFaultOutsideTheArmedRangesKills) {
  DeadMapping armed, other;
  EXPECT_THAT(RunInChild([&] {
                if (mk__sigbus_acquire() != 0) _exit(1);
                TouchGuarded(armed, nullptr, other.at(0));
                _exit(0);
              }),
              KilledBySignal(SIGBUS, BUS_ADRERR));
}

// A SIGBUS sent with sigqueue (si_code SI_QUEUE) can carry any si_addr, even
// one inside the armed range: it is not a fault and must not be claimed.
TEST(SigbusGuard, ASentSigbusIsNotClaimedWhateverItsAddress) {
  DeadMapping armed;
  EXPECT_THAT(RunInChild([&] {
                if (mk__sigbus_acquire() != 0) _exit(1);
                siginfo_t info;
                std::memset(&info, 0, sizeof info);
                info.si_signo = SIGBUS;
                info.si_code = SI_QUEUE;
                info.si_addr = armed.base();
                struct mk__sigbus_frame frame;
                mk__sigbus_frame_init(&frame, armed.base(), armed.len(), nullptr, 0);
                if (sigsetjmp(frame.env, 1) == 0) {
                  mk__sigbus_arm(&frame);
                  syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGBUS, &info);
                  mk__sigbus_disarm();
                }
                _exit(0);
              }),
              KilledBySignal(SIGBUS));
}

TEST(SigbusGuard, AFaultWithNoFrameArmedKills) {
  DeadMapping mapping;
  EXPECT_THAT(RunInChild([&] {
                if (mk__sigbus_acquire() != 0) _exit(1);
                (void)*mapping.at(0);
                _exit(0);
              }),
              KilledBySignal(SIGBUS, BUS_ADRERR));
}

// Both threads are armed before either faults: with one process-wide frame
// the first fault would be checked against the other thread's ranges.
TEST_F(SigbusGuardTest, TwoThreadsArmedAtOnceEachGetTheirOwnFault) {
  DeadMapping mappings[2];
  std::mutex mu;
  std::condition_variable cv;
  int armed = 0;
  int claimed[2] = {-2, -2};
  auto run = [&](int i) {
    struct mk__sigbus_frame frame;
    mk__sigbus_frame_init(&frame, mappings[i].base(), mappings[i].len(), nullptr, 0);
    if (sigsetjmp(frame.env, 1) == 0) {
      mk__sigbus_arm(&frame);
      {
        std::unique_lock<std::mutex> lock(mu);
        armed++;
        cv.notify_all();
        cv.wait(lock, [&] { return armed == 2; });
      }  // unlocked before the fault jumps out of this scope
      (void)*mappings[i].at(i * kPage);
      mk__sigbus_disarm();
      claimed[i] = -1;
    } else {
      claimed[i] = frame.fault_range;
    }
  };
  std::thread t0(run, 0), t1(run, 1);
  t0.join();
  t1.join();
  EXPECT_EQ(claimed[0], 0);
  EXPECT_EQ(claimed[1], 0);
}

void Mine(int) {}

TEST(SigbusGuard, AcquireNestsAndTheLastReleaseRestores) {
  EXPECT_THAT(RunInChild([] {
                signal(SIGBUS, Mine);
                struct sigaction now;
                auto mine = [&] {
                  sigaction(SIGBUS, nullptr, &now);
                  return now.sa_handler == Mine;
                };
                if (mk__sigbus_acquire() != 0 || mine()) _exit(1);
                if (mk__sigbus_acquire() != 0 || mine()) _exit(2);
                mk__sigbus_release();
                if (mine()) _exit(3);  // one user left: still guarded
                mk__sigbus_release();
                if (!mine()) _exit(4);
                mk__sigbus_release();  // unbalanced: ignored
                _exit(mine() ? 0 : 5);
              }),
              ExitedWith(0));
}

}  // namespace
