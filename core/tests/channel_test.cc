// Tests of mmapkit/channel.h, the messages themselves: limits, argument
// errors, -EMSGSIZE, timeouts, order and integrity across fork (with the ring
// wrapping), blocking while full, several senders. Endpoints and dead peers
// are in channel_peer_test.cc.
#include "mmapkit/channel.h"

#include <linux/futex.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "core/tests/channel_test_helpers.h"
#include "gtest/gtest.h"

namespace {

using channel_test::ElapsedMs;
using channel_test::FillChannel;
using channel_test::kPatienceMs;
using channel_test::MakeChannel;
using channel_test::Recv;
using channel_test::Send;
using mk_posix::ChildCheck;
using mk_posix::ChildProcess;
using mk_testing::ExitedWith;
using mk_posix::Pattern;
using mk_posix::ReadFile;
using mk_testing::ReturnsErrno;
using mk_posix::RunInChild;
using mk_posix::StartChild;

TEST(Create, RejectsBadCapacityAndNullOut) {
  mk_channel *ch = nullptr;
  EXPECT_THAT(mk_channel_create(0, &ch), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_channel_create(MK_CHANNEL_MIN_CAPACITY - 1, &ch), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_channel_create(size_t{MK_CHANNEL_MAX_CAPACITY} + 1, &ch), ReturnsErrno(EINVAL));
  EXPECT_EQ(nullptr, ch);
  EXPECT_THAT(mk_channel_create(64, nullptr), ReturnsErrno(EINVAL));
}

TEST(Create, CapacityBoundsAreAccepted) {
  for (size_t capacity : {size_t{MK_CHANNEL_MIN_CAPACITY}, size_t{MK_CHANNEL_MAX_CAPACITY}}) {
    auto ch = MakeChannel(capacity);
    ASSERT_NE(nullptr, ch);
    EXPECT_EQ(capacity - 4, mk_channel_max_message(ch.get()));
  }
  EXPECT_EQ(0u, mk_channel_max_message(nullptr));
}

TEST(Create, MmapFailureIsEnomem) {
  std::string got = mk_posix::InChild([]() -> std::string {
    // Leave less address space than the largest channel needs.
    std::string statm;
    if (!ReadFile("/proc/self/statm", &statm)) return "cannot read /proc/self/statm";
    rlim_t mapped = std::stoull(statm) * static_cast<rlim_t>(sysconf(_SC_PAGESIZE));
    struct rlimit limit = {mapped + (64 << 20), RLIM_INFINITY};
    if (setrlimit(RLIMIT_AS, &limit) != 0) return "setrlimit(RLIMIT_AS) failed";
    void *probe = mmap(nullptr, 256 << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (probe != MAP_FAILED) return "RLIMIT_AS not enforced";
    mk_channel *ch = nullptr;
    int rc = mk_channel_create(MK_CHANNEL_MAX_CAPACITY, &ch);
    if (rc != -ENOMEM) return "mk_channel_create returned " + mk_posix::ErrnoDescription(rc);
    return ch == nullptr ? "ENOMEM" : "ENOMEM, but *out was changed";
  });
  if (got == "RLIMIT_AS not enforced") {
    GTEST_SKIP() << "RLIMIT_AS is not enforced here (qemu-user ignores it): mmap cannot be made "
                    "to fail";
  }
  EXPECT_EQ("ENOMEM", got);
}

// The channel notices dead peers through robust futexes exactly where the
// kernel knows this thread's robust list (get_robust_list, asked
// independently of glibc, which assumes set_robust_list worked), else through
// thread records. run_without_robust_futexes.sh also says which to expect.
TEST(Liveness, RobustFutexesExactlyWhereTheKernelKnowsOurRobustList) {
  auto ch = MakeChannel(64);
  ASSERT_NE(nullptr, ch);
  const bool robust = mk__channel_uses_robust_futexes(ch.get()) != 0;
  struct robust_list_head *head = nullptr;
  size_t len = 0;
  const bool registered = syscall(SYS_get_robust_list, 0, &head, &len) == 0 && head != nullptr;
  EXPECT_EQ(registered, robust) << "the kernel " << (registered ? "has" : "has no")
                                << " robust list for this thread, but the channel uses "
                                << (robust ? "robust futexes" : "thread records");
  if (const char *expect = std::getenv("MMAPKIT_EXPECT_CHANNEL_LIVENESS")) {
    EXPECT_EQ(std::string(expect), robust ? "robust" : "records")
        << "the test runner expects this way of noticing dead peers";
  }
}

TEST(Destroy, NullIsEinval) {
  EXPECT_THAT(mk_channel_destroy(nullptr), ReturnsErrno(EINVAL));
}

TEST(SendRecv, RoundTripInOneProcessIncludingEmptyMessages) {
  auto ch = MakeChannel(64);
  EXPECT_EQ(0, Send(ch.get(), "hello"));
  EXPECT_EQ(0, mk_channel_send(ch.get(), nullptr, 0, 0)) << "an empty message needs no buffer";
  EXPECT_EQ(0, Send(ch.get(), "world"));
  auto first = Recv(ch.get());
  EXPECT_EQ(5, first.rc);
  EXPECT_EQ("hello", first.msg);
  EXPECT_EQ(0, mk_channel_recv(ch.get(), nullptr, 0, 0)) << "an empty message fits no buffer";
  auto third = Recv(ch.get());
  EXPECT_EQ(5, third.rc);
  EXPECT_EQ("world", third.msg);
}

TEST(SendRecv, BadArgumentsAreEinvalAndQueueNothing) {
  auto ch = MakeChannel(64);
  char buf[8];
  EXPECT_THAT(mk_channel_send(nullptr, "x", 1, 0), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_channel_send(ch.get(), nullptr, 1, 0), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_channel_recv(nullptr, buf, sizeof buf, 0), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_channel_recv(ch.get(), nullptr, 1, 0), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_channel_recv(ch.get(), buf, sizeof buf, 0), ReturnsErrno(EAGAIN));
}

TEST(Send, OversizedMessageIsEmsgsizeAndNothingIsSent) {
  auto ch = MakeChannel(64);
  size_t max = mk_channel_max_message(ch.get());
  ASSERT_EQ(60u, max);
  EXPECT_THAT(Send(ch.get(), std::string(max + 1, 'x'), 0), ReturnsErrno(EMSGSIZE));
  EXPECT_THAT(Recv(ch.get(), 0).rc, ReturnsErrno(EAGAIN)) << "nothing was queued";
  std::string biggest = Pattern(max);
  EXPECT_EQ(0, Send(ch.get(), biggest, 0)) << "exactly the maximum fits an empty channel";
  EXPECT_THAT(Send(ch.get(), "", 0), ReturnsErrno(EAGAIN)) << "and fills it";
  auto got = Recv(ch.get(), 0);
  EXPECT_EQ(static_cast<long>(max), got.rc);
  EXPECT_EQ(biggest, got.msg);
}

TEST(Recv, SmallBufferIsEmsgsizeAndTheMessageStaysQueued) {
  auto ch = MakeChannel(64);
  ASSERT_EQ(0, Send(ch.get(), "0123456789"));
  ASSERT_EQ(0, Send(ch.get(), "next"));
  char buf[10];
  EXPECT_THAT(mk_channel_recv(ch.get(), buf, 9, 0), ReturnsErrno(EMSGSIZE));
  EXPECT_THAT(mk_channel_recv(ch.get(), nullptr, 0, 0), ReturnsErrno(EMSGSIZE));
  ASSERT_EQ(10, mk_channel_recv(ch.get(), buf, 10, 0));
  EXPECT_EQ("0123456789", std::string(buf, 10));
  EXPECT_EQ("next", Recv(ch.get(), 0).msg);
}

// Timeouts are tested in a child with a deadline: a timeout that is ignored
// fails the test ("timed out") instead of hanging it.
TEST(Timeout, ZeroNeverWaitsAndIsEagain) {
  auto ch = MakeChannel(64);
  EXPECT_THAT(RunInChild(
                  [&] {
                    ChildCheck(Recv(ch.get(), 0).rc == -EAGAIN, "empty: EAGAIN");
                    ChildCheck(FillChannel(ch.get(), "fill") > 0, "fill");
                    ChildCheck(Send(ch.get(), "more", 0) == -EAGAIN, "full: EAGAIN");
                  },
                  kPatienceMs),
              ExitedWith(0));
}

TEST(Timeout, PositiveWaitsAtLeastThatLongThenEtimedout) {
  constexpr int kTimeoutMs = 120;
  auto ch = MakeChannel(64);
  EXPECT_THAT(RunInChild(
                  [&] {
                    auto start = std::chrono::steady_clock::now();
                    ChildCheck(Recv(ch.get(), kTimeoutMs).rc == -ETIMEDOUT, "empty: ETIMEDOUT");
                    ChildCheck(ElapsedMs(start) >= kTimeoutMs, "empty: waited the timeout");
                    ChildCheck(FillChannel(ch.get(), "fill") > 0, "fill");
                    start = std::chrono::steady_clock::now();
                    ChildCheck(Send(ch.get(), "more", kTimeoutMs) == -ETIMEDOUT, "full: ETIMEDOUT");
                    ChildCheck(ElapsedMs(start) >= kTimeoutMs, "full: waited the timeout");
                  },
                  kPatienceMs),
              ExitedWith(0));
}

// Message i of the ordering tests: its size steps by 37 through every size
// from 0 to max (37 and max + 1 = 253 are coprime), so over many laps of the
// ring every frame starts, and wraps, at every offset.
constexpr size_t kOrderCapacity = 256;
constexpr int kOrderMessages = 1000;
std::string NthMessage(int i) {
  return Pattern((static_cast<size_t>(i) * 37) % (kOrderCapacity - 4 + 1),
                 static_cast<unsigned>(i));
}

TEST(Order, ChildToParentThousandMessagesWrappingTheRing) {
  auto ch = MakeChannel(kOrderCapacity);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  ChildProcess child = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
    for (int i = 0; i < kOrderMessages; i++) {
      ChildCheck(Send(ch.get(), NthMessage(i), -1) == 0, "send " + std::to_string(i));
    }
  });
  for (int i = 0; i < kOrderMessages; i++) {
    auto got = Recv(ch.get());
    std::string want = NthMessage(i);
    ASSERT_EQ(static_cast<long>(want.size()), got.rc) << "message " << i;
    ASSERT_EQ(want, got.msg) << "message " << i;
  }
  EXPECT_THAT(child.Wait(), ExitedWith(0));
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE)) << "nothing more, and the sender is gone";
}

TEST(Order, ParentToChildThousandMessagesWrappingTheRing) {
  auto ch = MakeChannel(kOrderCapacity);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER), 0);
  ChildProcess child = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER) >= 0, "attach");
    for (int i = 0; i < kOrderMessages; i++) {
      auto got = Recv(ch.get(), -1);
      ChildCheck(got.rc >= 0 && got.msg == NthMessage(i), "message " + std::to_string(i));
    }
  });
  for (int i = 0; i < kOrderMessages; i++) {
    ASSERT_EQ(0, Send(ch.get(), NthMessage(i))) << "message " << i;
  }
  EXPECT_THAT(child.Wait(), ExitedWith(0));
}

TEST(Blocking, FullChannelBlocksTheSenderUntilTheReceiverMakesRoom) {
  auto ch = MakeChannel(64);
  auto ready = MakeChannel(64);  // child -> parent: "I found it full and will block now"
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  ASSERT_GE(mk_channel_attach(ready.get(), MK_CHANNEL_RECEIVER), 0);
  int filled = FillChannel(ch.get(), "fill");
  ASSERT_GT(filled, 0);
  ChildProcess child = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
    ChildCheck(Send(ch.get(), "late", 0) == -EAGAIN, "full at first");
    ChildCheck(Send(ready.get(), "blocking") == 0, "tell the parent");
    ChildCheck(Send(ch.get(), "late", -1) == 0, "blocking send completes");
  });
  ASSERT_EQ("blocking", Recv(ready.get()).msg);
  for (int i = 0; i < filled; i++) ASSERT_EQ("fill", Recv(ch.get()).msg) << i;
  EXPECT_EQ("late", Recv(ch.get()).msg);
  EXPECT_THAT(child.Wait(), ExitedWith(0));
}

TEST(SeveralSenders, EveryChildsMessagesArriveWholeAndInItsOrder) {
  constexpr int kChildren = 4;
  constexpr int kEach = 100;
  auto ch = MakeChannel(128);  // small: the children contend for room
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  // Like a parent holding a pipe's write end while it forks: no -EPIPE
  // between one child's exit and the next child's attach.
  int hold = mk_channel_attach(ch.get(), MK_CHANNEL_SENDER);
  ASSERT_GE(hold, 0);
  // Every child runs at once; each blocks on the full channel until the
  // parent starts receiving.
  std::vector<ChildProcess> children;
  for (int k = 0; k < kChildren; k++) {
    children.push_back(StartChild([&ch, k] {
      ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
      for (int j = 0; j < kEach; j++) {
        std::string msg = std::to_string(k) + ":" + std::to_string(j) + ":" + Pattern(j % 20, j);
        ChildCheck(Send(ch.get(), msg, -1) == 0, "send");
      }
    }));
  }
  std::vector<int> next(kChildren, 0);
  for (int n = 0; n < kChildren * kEach; n++) {
    auto got = Recv(ch.get());
    ASSERT_GT(got.rc, 0) << "message " << n << ": "
                         << mk_posix::ErrnoDescription(static_cast<int>(got.rc));
    int k = -1, j = -1;
    ASSERT_EQ(2, std::sscanf(got.msg.c_str(), "%d:%d:", &k, &j)) << got.msg;
    ASSERT_TRUE(k >= 0 && k < kChildren) << got.msg;
    ASSERT_EQ(next[k], j) << "child " << k << " out of order";
    std::string want = std::to_string(k) + ":" + std::to_string(j) + ":" + Pattern(j % 20, j);
    ASSERT_EQ(want, got.msg);
    next[k]++;
  }
  for (auto &child : children) EXPECT_THAT(child.Wait(), ExitedWith(0));
  EXPECT_EQ(0, mk_channel_detach(ch.get(), hold));
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE)) << "every sender has gone";
}

// Several receivers share the work: each message is received by exactly one
// of them, and each receiver sees every sender's messages in the order sent
// (the receivers' lock orders them; the senders' lock orders the senders).
// Tallies live in memory shared with the children.
TEST(SeveralReceivers, EveryMessageArrivesExactlyOnceAndInEachSendersOrder) {
  constexpr int kSenders = 3, kReceivers = 2, kEach = 2000;
  auto ch = MakeChannel(512);  // small: both sides block often
  mk_posix::Mapping tally_map = mk_posix::Mmap(
      nullptr, kSenders * kEach, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(tally_map.valid());
  auto *tally = static_cast<unsigned char *>(tally_map.addr());
  // Hold one endpoint of each role, as a parent holds a pipe's ends while it
  // forks, so no side sees EPIPE before the other has attached.
  int hold_sender = mk_channel_attach(ch.get(), MK_CHANNEL_SENDER);
  int hold_receiver = mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER);
  ASSERT_GE(hold_sender, 0);
  ASSERT_GE(hold_receiver, 0);
  std::vector<ChildProcess> receivers, senders;
  for (int r = 0; r < kReceivers; r++) {
    receivers.push_back(StartChild([&] {
      ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER) >= 0, "attach");
      int last[kSenders] = {-1, -1, -1};
      for (;;) {
        char buf[32];
        long n = mk_channel_recv(ch.get(), buf, sizeof buf, kPatienceMs);
        if (n == -EPIPE) break;  // every sender has gone and nothing is left
        ChildCheck(n > 0, "recv: " + mk_posix::ErrnoDescription(static_cast<int>(n)));
        int k = -1, j = -1;
        ChildCheck(
            std::sscanf(std::string(buf, static_cast<size_t>(n)).c_str(), "%d:%d", &k, &j) == 2 &&
                k >= 0 && k < kSenders && j >= 0 && j < kEach,
            "a damaged message");
        ChildCheck(j > last[k], "sender " + std::to_string(k) + " out of order");
        last[k] = j;
        __atomic_add_fetch(&tally[k * kEach + j], 1, __ATOMIC_RELAXED);
      }
    }));
  }
  for (int k = 0; k < kSenders; k++) {
    senders.push_back(StartChild([&, k] {
      ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
      for (int j = 0; j < kEach; j++) {
        ChildCheck(Send(ch.get(), std::to_string(k) + ":" + std::to_string(j), -1) == 0, "send");
      }
    }));
  }
  for (auto &child : senders) EXPECT_THAT(child.Wait(), ExitedWith(0));
  ASSERT_EQ(0, mk_channel_detach(ch.get(), hold_receiver));
  ASSERT_EQ(0, mk_channel_detach(ch.get(), hold_sender));  // now the receivers may see EPIPE
  for (auto &child : receivers) EXPECT_THAT(child.Wait(), ExitedWith(0));
  int lost = 0, repeated = 0;
  for (int i = 0; i < kSenders * kEach; i++) {
    lost += tally[i] == 0;
    repeated += tally[i] > 1;
  }
  EXPECT_EQ(0, lost) << "messages never received";
  EXPECT_EQ(0, repeated) << "messages received more than once";
}

// Endpoints in two threads of one process: the waits, spins and wakes work
// the same between threads as between processes.
TEST(Threads, ASenderAndAReceiverThreadOfOneProcess) {
  constexpr int kMessages = 5000;
  auto ch = MakeChannel(256);
  int failures = 0;
  std::thread receiver([&] {
    int id = mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER);
    for (int i = 0; i < kMessages; i++) {
      auto got = Recv(ch.get(), kPatienceMs, 256);
      if (got.msg != NthMessage(i % 7)) failures++;
    }
    mk_channel_detach(ch.get(), id);
  });
  int id = mk_channel_attach(ch.get(), MK_CHANNEL_SENDER);
  ASSERT_GE(id, 0);
  for (int i = 0; i < kMessages; i++) {
    ASSERT_EQ(0, Send(ch.get(), NthMessage(i % 7))) << "message " << i;
  }
  receiver.join();
  EXPECT_EQ(0, failures) << "messages damaged or out of order";
  EXPECT_EQ(0, mk_channel_detach(ch.get(), id));
}

// A waiting side polls briefly when its peer runs on another CPU, and
// yields the CPU to it when the peer last ran on its own CPU: pin the two
// processes to one CPU, then to two, and stream messages through a ring
// that holds one or two of them, so each side waits often on either path.
void PinnedStream(int sender_cpu, int receiver_cpu) {
  constexpr int kMessages = 3000;
  auto ch = MakeChannel(kOrderCapacity);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  auto pin = [](int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0;
  };
  ChildProcess sender = StartChild([&] {
    ChildCheck(pin(sender_cpu), "pin the sender");
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
    for (int i = 0; i < kMessages; i++) {
      ChildCheck(Send(ch.get(), NthMessage(i % 50), -1) == 0, "send " + std::to_string(i));
    }
  });
  ChildProcess receiver = StartChild([&] {
    ChildCheck(pin(receiver_cpu), "pin the receiver");
    for (int i = 0; i < kMessages; i++) {
      auto got = Recv(ch.get(), -1, 256);
      ChildCheck(got.rc >= 0 && got.msg == NthMessage(i % 50), "message " + std::to_string(i));
    }
  });
  EXPECT_THAT(sender.Wait(), ExitedWith(0));
  EXPECT_THAT(receiver.Wait(), ExitedWith(0));
}

// The CPUs this process may run on, in order.
std::vector<int> AllowedCpus() {
  cpu_set_t set;
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  return cpus;
}

TEST(Placement, BothOnOneCpu) {
  std::vector<int> cpus = AllowedCpus();
  ASSERT_FALSE(cpus.empty());
  PinnedStream(cpus[0], cpus[0]);
}

TEST(Placement, OnTwoCpus) {
  std::vector<int> cpus = AllowedCpus();
  if (cpus.size() < 2) GTEST_SKIP() << "one CPU available";
  PinnedStream(cpus[0], cpus[1]);
}

}  // namespace
