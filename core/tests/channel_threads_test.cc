// The channel used from many threads at once: senders and receivers as
// threads of one process, and as threads of several processes sharing one
// channel. Every message arrives exactly once, whole, and in its sender's
// order as seen by any one receiver; blocking, positive and zero timeouts are
// mixed, and the small ring keeps the senders waiting for room.
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "core/tests/channel_test_helpers.h"
#include "gtest/gtest.h"
#include "mmapkit/channel.h"

namespace {

using channel_test::kPatienceMs;
using channel_test::MakeChannel;
using channel_test::Recv;
using channel_test::Send;
using mk_posix::ChildCheck;
using mk_posix::ChildProcess;
using mk_testing::ExitedWith;
using mk_posix::Pattern;
using mk_posix::StartChild;

constexpr int kMaxSenders = 8;
constexpr int kEach = 300;         // messages per sender
constexpr size_t kCapacity = 256;  // a few messages: senders wait for room

std::string NthMessage(int sender, int seq) {
  return std::to_string(sender) + ":" + std::to_string(seq) + ":" +
         Pattern(static_cast<size_t>(seq * 13 % 120), static_cast<unsigned>(sender * 1000 + seq));
}

// Timeout of call n: waits forever, a short positive wait, or none at all.
int TimeoutFor(int n) {
  static const int kTimeouts[] = {-1, 5, 0, kPatienceMs};
  return kTimeouts[n % 4];
}

// In memory shared by every process of a test: what was received, and the
// first thing that went wrong.
struct Ledger {
  std::atomic<int> senders_attached;
  std::atomic<int> received[kMaxSenders][kEach];
  std::atomic<int> failed;
  char why[256];

  void Fail(const std::string &what) {
    if (failed.exchange(1) == 0) std::snprintf(why, sizeof why, "%s", what.c_str());
  }
};

// A Ledger in MAP_SHARED anonymous memory, unmapped at the end of the test.
class SharedLedger {
 public:
  SharedLedger()
      : map_(mk_posix::Mmap(nullptr, sizeof(Ledger), PROT_READ | PROT_WRITE,
                              MAP_SHARED | MAP_ANONYMOUS, -1, 0)) {}
  bool valid() const { return map_.valid(); }
  Ledger *get() const { return static_cast<Ledger *>(map_.addr()); }
  Ledger *operator->() const { return get(); }

 private:
  mk_posix::Mapping map_;  // zero-filled: nothing received yet
};

// Sends sender's kEach messages; retries what timed out (nothing was sent then).
void RunSender(mk_channel *ch, int sender, Ledger *ledger) {
  if (mk_channel_attach(ch, MK_CHANNEL_SENDER) < 0) return ledger->Fail("sender attach");
  ledger->senders_attached++;
  for (int seq = 0, call = 0; seq < kEach; call++) {
    int rc = Send(ch, NthMessage(sender, seq), TimeoutFor(call));
    if (rc == 0) {
      seq++;
    } else if (rc == -ETIMEDOUT || rc == -EAGAIN) {
      std::this_thread::yield();
    } else {
      return ledger->Fail("send " + std::to_string(sender) + ":" + std::to_string(seq) +
                          " returned " + std::to_string(rc));
    }
  }
  // Ends attached: the thread's end releases the endpoint (like a process exiting).
}

// Receives until every sender has gone; checks each message and its order.
void RunReceiver(mk_channel *ch, Ledger *ledger) {
  if (mk_channel_attach(ch, MK_CHANNEL_RECEIVER) < 0) return ledger->Fail("receiver attach");
  std::vector<int> last(kMaxSenders, -1);
  for (int call = 0;; call++) {
    auto got = Recv(ch, TimeoutFor(call));
    if (got.rc == -EPIPE) return;
    if (got.rc == -ETIMEDOUT || got.rc == -EAGAIN) {
      std::this_thread::yield();
      continue;
    }
    int sender = -1, seq = -1;
    if (got.rc < 0 || std::sscanf(got.msg.c_str(), "%d:%d:", &sender, &seq) != 2 || sender < 0 ||
        sender >= kMaxSenders || seq < 0 || seq >= kEach || got.msg != NthMessage(sender, seq)) {
      return ledger->Fail("received a corrupt message (rc " + std::to_string(got.rc) +
                          "): " + got.msg.substr(0, 40));
    }
    if (seq <= last[sender]) {
      return ledger->Fail("sender " + std::to_string(sender) + "'s message " + std::to_string(seq) +
                          " came after its message " + std::to_string(last[sender]));
    }
    last[sender] = seq;
    ledger->received[sender][seq]++;
  }
}

// Every message of the first `senders` senders received exactly once.
void ExpectEachReceivedOnce(const SharedLedger &ledger, int senders) {
  EXPECT_EQ(ledger->failed.load(), 0) << ledger->why;
  int lost = 0, duplicated = 0;
  std::string first;
  for (int s = 0; s < senders; s++) {
    for (int q = 0; q < kEach; q++) {
      int n = ledger->received[s][q].load();
      if (n == 1) continue;
      (n == 0 ? lost : duplicated)++;
      if (first.empty())
        first = std::to_string(s) + ":" + std::to_string(q) + " x" + std::to_string(n);
    }
  }
  EXPECT_EQ(lost, 0) << "messages never received, first " << first;
  EXPECT_EQ(duplicated, 0) << "messages received more than once, first " << first;
}

TEST(ChannelThreads, SendersAndReceiversAsThreadsOfOneProcess) {
  constexpr int kSenders = 4, kReceivers = 3;
  auto ch = MakeChannel(kCapacity);
  SharedLedger ledger;
  ASSERT_TRUE(ledger.valid());
  // Held until every sender thread has attached: no -EPIPE for the receivers
  // before the last sender has even started.
  int hold = mk_channel_attach(ch.get(), MK_CHANNEL_SENDER);
  ASSERT_GE(hold, 0);
  std::vector<std::thread> threads;
  for (int r = 0; r < kReceivers; r++) threads.emplace_back(RunReceiver, ch.get(), ledger.get());
  for (int s = 0; s < kSenders; s++) threads.emplace_back(RunSender, ch.get(), s, ledger.get());
  while (ledger->senders_attached.load() < kSenders && !ledger->failed.load()) {
    std::this_thread::yield();
  }
  EXPECT_EQ(0, mk_channel_detach(ch.get(), hold));
  for (std::thread &t : threads) t.join();
  ExpectEachReceivedOnce(ledger, kSenders);
}

// Two child processes and the parent, each with sender and receiver threads,
// on one channel. Children are forked before any thread exists (a thread
// holding a lock at fork time would leave the child stuck).
TEST(ChannelThreads, SendersAndReceiversAsThreadsOfSeveralProcesses) {
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
  // A sender may reuse ring bytes on the word of a sender in another process
  // (the index it read, handed on under the shared senders' lock): TSan sees
  // one process, misses that hand-over and reports the bytes as racing.
  GTEST_SKIP() << "ThreadSanitizer cannot see synchronisation through another "
                  "process; the threads of one process are checked above";
#endif
#endif
  constexpr int kProcesses = 3, kSendersEach = 2, kReceiversEach = 2;
  static_assert(kProcesses * kSendersEach <= kMaxSenders, "ledger too small");
  auto ch = MakeChannel(kCapacity);
  SharedLedger ledger;
  ASSERT_TRUE(ledger.valid());
  int hold = mk_channel_attach(ch.get(), MK_CHANNEL_SENDER);
  ASSERT_GE(hold, 0);
  auto run_threads = [&](int process) {
    std::vector<std::thread> threads;
    for (int r = 0; r < kReceiversEach; r++)
      threads.emplace_back(RunReceiver, ch.get(), ledger.get());
    for (int s = 0; s < kSendersEach; s++) {
      threads.emplace_back(RunSender, ch.get(), process * kSendersEach + s, ledger.get());
    }
    return threads;
  };
  std::vector<ChildProcess> children;
  for (int p = 1; p < kProcesses; p++) {
    children.push_back(StartChild(
        [&, p] {
          for (std::thread &t : run_threads(p)) t.join();
          ChildCheck(ledger->failed.load() == 0, ledger->why);
        },
        4 * kPatienceMs));
  }
  std::vector<std::thread> threads = run_threads(0);
  while (ledger->senders_attached.load() < kProcesses * kSendersEach && !ledger->failed.load()) {
    std::this_thread::yield();
  }
  EXPECT_EQ(0, mk_channel_detach(ch.get(), hold));
  for (std::thread &t : threads) t.join();
  for (ChildProcess &child : children) EXPECT_THAT(child.Wait(), ExitedWith(0));
  ExpectEachReceivedOnce(ledger, kProcesses * kSendersEach);
}

}  // namespace
