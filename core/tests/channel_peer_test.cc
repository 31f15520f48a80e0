// Tests of mmapkit/channel.h, the endpoints: attach/detach/destroy and their
// errors, -EPIPE when the peers have gone (exited, killed, or just their
// thread ended), and processes killed in the middle of an operation while
// holding the lock: the others get an error, not a hang, and
// the channel stays usable as channel.h documents.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "core/testing/channel_testing.h"
#include "core/tests/channel_test_helpers.h"
#include "gtest/gtest.h"
#include "mmapkit/channel.h"

namespace {

using channel_test::DieAt;
using channel_test::ElapsedMs;
using channel_test::FillChannel;
using channel_test::kPatienceMs;
using channel_test::MakeChannel;
using channel_test::RaiseAt;
using channel_test::Recv;
using channel_test::Send;
using mk_posix::ChildCheck;
using mk_posix::ChildProcess;
using mk_testing::ExitedWith;
using mk_testing::KilledBySignal;
using mk_posix::ReadFile;
using mk_testing::ReturnsErrno;
using mk_posix::RunInChild;
using mk_posix::StartChild;

// Attaches every endpoint left besides the `live` ones attached by live
// threads: true if all succeeded, i.e. no slot was lost to a dead process.
// Detaches them again.
bool AllEndpointsAttachable(mk_channel *ch, int live = 0) {
  std::vector<int> ids;
  for (int i = live; i < MK_CHANNEL_MAX_ENDPOINTS; i++) {
    int id = mk_channel_attach(ch, i % 2 ? MK_CHANNEL_SENDER : MK_CHANNEL_RECEIVER);
    if (id < 0) {
      ADD_FAILURE() << "endpoint " << i << ": " << mk_posix::ErrnoDescription(id);
      break;
    }
    ids.push_back(id);
  }
  for (int id : ids) EXPECT_EQ(0, mk_channel_detach(ch, id));
  return ids.size() == static_cast<size_t>(MK_CHANNEL_MAX_ENDPOINTS - live);
}

// Blocks until process pid is in state (from /proc/PID/stat): 'S' asleep in
// the kernel (e.g. its futex wait), 'T' stopped, 'Z' zombie. Bounded: false
// if it never gets there.
bool WaitUntilState(pid_t pid, char state) {
  auto start = std::chrono::steady_clock::now();
  while (ElapsedMs(start) < kPatienceMs) {
    std::string stat;
    if (!ReadFile("/proc/" + std::to_string(pid) + "/stat", &stat)) return false;
    size_t paren = stat.rfind(')');
    if (paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == state) {
      return true;
    }
    std::this_thread::yield();
  }
  return false;
}

// --- attach / detach / destroy ----------------------------------------------

TEST(Attach, BadArgumentsAreEinval) {
  auto ch = MakeChannel(64);
  EXPECT_THAT(mk_channel_attach(nullptr, MK_CHANNEL_SENDER), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_channel_attach(ch.get(), static_cast<mk_channel_role>(7)), ReturnsErrno(EINVAL));
}

TEST(Attach, AtMostMaxEndpointsThenEusers) {
  auto ch = MakeChannel(64);
  std::vector<int> ids;
  for (int i = 0; i < MK_CHANNEL_MAX_ENDPOINTS; i++) {
    int id = mk_channel_attach(ch.get(), i % 2 ? MK_CHANNEL_SENDER : MK_CHANNEL_RECEIVER);
    ASSERT_GE(id, 0) << "endpoint " << i;
    ids.push_back(id);
  }
  EXPECT_THAT(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER), ReturnsErrno(EUSERS));
  EXPECT_EQ(0, mk_channel_detach(ch.get(), ids.back()));
  EXPECT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER), 0) << "a detached slot is reused";
}

TEST(Attach, EndpointsOfDeadProcessesAreReclaimed) {
  auto ch = MakeChannel(64);
  EXPECT_THAT(RunInChild([&] {
                for (int i = 0; i < MK_CHANNEL_MAX_ENDPOINTS; i++) {
                  ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
                }
              }),
              ExitedWith(0));
  EXPECT_TRUE(AllEndpointsAttachable(ch.get()));
}

TEST(Detach, UnknownOrAlreadyDetachedEndpointIsEinval) {
  auto ch = MakeChannel(64);
  int id = mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER);
  ASSERT_GE(id, 0);
  EXPECT_THAT(mk_channel_detach(nullptr, id), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_channel_detach(ch.get(), -1), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_channel_detach(ch.get(), MK_CHANNEL_MAX_ENDPOINTS), ReturnsErrno(EINVAL));
  EXPECT_THAT(mk_channel_detach(ch.get(), (id + 1) % MK_CHANNEL_MAX_ENDPOINTS),
              ReturnsErrno(EINVAL))
      << "never attached";
  EXPECT_EQ(0, mk_channel_detach(ch.get(), id));
  EXPECT_THAT(mk_channel_detach(ch.get(), id), ReturnsErrno(EINVAL)) << "twice";
}

TEST(Detach, AnotherProcesssOrThreadsEndpointIsEperm) {
  auto ch = MakeChannel(64);
  int id = mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER);
  ASSERT_GE(id, 0);
  EXPECT_THAT(RunInChild([&] {
                ChildCheck(mk_channel_detach(ch.get(), id) == -EPERM, "EPERM in a child");
              }),
              ExitedWith(0));
  int from_thread = 0;
  std::thread([&] { from_thread = mk_channel_detach(ch.get(), id); }).join();
  EXPECT_THAT(from_thread, ReturnsErrno(EPERM));
  EXPECT_EQ(0, mk_channel_detach(ch.get(), id)) << "still attached, and ours";
}

TEST(Detach, LastSenderLeavingGivesTheReceiverEpipeWhileItLives) {
  auto ch = MakeChannel(64);
  auto hold = MakeChannel(64);  // parent -> child: "you may exit now"
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  ASSERT_GE(mk_channel_attach(hold.get(), MK_CHANNEL_SENDER), 0);
  ChildProcess child = StartChild([&] {
    int id = mk_channel_attach(ch.get(), MK_CHANNEL_SENDER);
    ChildCheck(id >= 0, "attach");
    ChildCheck(mk_channel_detach(ch.get(), id) == 0, "detach");
    ChildCheck(Recv(hold.get()).msg == "done", "wait for the parent");
  });
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE));
  EXPECT_EQ(0, Send(hold.get(), "done"));
  EXPECT_THAT(child.Wait(), ExitedWith(0));
}

TEST(Detach, LastReceiverLeavingGivesTheSenderEpipe) {
  auto ch = MakeChannel(64);
  int id = mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER);
  ASSERT_GE(id, 0);
  EXPECT_EQ(0, Send(ch.get(), "while attached"));
  EXPECT_EQ(0, mk_channel_detach(ch.get(), id));
  EXPECT_THAT(Send(ch.get(), "after", 0), ReturnsErrno(EPIPE));
}

TEST(Destroy, DetachesTheCallersEndpoints) {
  auto ch = MakeChannel(64);
  auto hold = MakeChannel(64);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  ASSERT_GE(mk_channel_attach(hold.get(), MK_CHANNEL_SENDER), 0);
  ChildProcess child = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
    ChildCheck(mk_channel_destroy(ch.get()) == 0, "destroy");
    ChildCheck(Recv(hold.get()).msg == "done", "wait for the parent");
  });
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE)) << "the child lives but has left";
  EXPECT_EQ(0, Send(hold.get(), "done"));
  EXPECT_THAT(child.Wait(), ExitedWith(0));
}

// --- peers that have gone ----------------------------------------------------

TEST(PeerGone, BeforeAnySenderAttachedRecvJustWaits) {
  auto ch = MakeChannel(64);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  EXPECT_THAT(Recv(ch.get(), 100).rc, ReturnsErrno(ETIMEDOUT));
}

TEST(PeerGone, BeforeAnyReceiverAttachedSendBuffers) {
  auto ch = MakeChannel(64);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER), 0);
  EXPECT_EQ(0, Send(ch.get(), "for later", 0));
}

TEST(PeerGone, SenderExitingWithoutSendingGivesEpipe) {
  auto ch = MakeChannel(64);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  ChildProcess child = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
    _exit(0);
  });
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE)) << "not a hang, not a timeout";
  EXPECT_THAT(child.Wait(), ExitedWith(0));
}

TEST(PeerGone, SenderKilledWithoutSendingGivesEpipe) {
  auto ch = MakeChannel(64);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  ChildProcess child = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
    raise(SIGKILL);
  });
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE));
  EXPECT_THAT(child.Wait(), KilledBySignal(SIGKILL));
}

TEST(PeerGone, WhatADeadSenderSentIsStillDelivered) {
  auto ch = MakeChannel(64);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  EXPECT_THAT(RunInChild([&] {
                ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
                ChildCheck(Send(ch.get(), "last words") == 0, "send");
                raise(SIGKILL);
              }),
              KilledBySignal(SIGKILL));
  EXPECT_EQ("last words", Recv(ch.get()).msg);
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE));
}

TEST(PeerGone, ReceiverDeathGivesABlockedSenderEpipe) {
  auto ch = MakeChannel(64);
  ASSERT_GT(FillChannel(ch.get(), "fill"), 0);
  ChildProcess child = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER) >= 0, "attach");
    raise(SIGKILL);
  });
  EXPECT_THAT(Send(ch.get(), "more"), ReturnsErrno(EPIPE));
  EXPECT_THAT(child.Wait(), KilledBySignal(SIGKILL));
}

// The process is alive (kill(pid, 0) would succeed), only the attaching thread
// has gone: liveness is per endpoint, not per pid.
TEST(PeerGone, AThreadEndingWhileAttachedCountsAsGone) {
  auto ch = MakeChannel(64);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  int id = -1;
  std::thread([&] { id = mk_channel_attach(ch.get(), MK_CHANNEL_SENDER); }).join();
  ASSERT_GE(id, 0);
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE));
}

// A dead process that is not reaped yet is a zombie, and kill(pid, 0) still
// succeeds on it: the sender here dies while its parent is stopped (so cannot
// reap it), and the receiver must still see it gone.
TEST(PeerGone, AZombieSenderIsGone) {
  auto ch = MakeChannel(64);
  auto pids = MakeChannel(64);  // middle and grandchild -> parent: their pids
  auto go = MakeChannel(64);    // parent -> grandchild: "exit now"
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  ASSERT_GE(mk_channel_attach(go.get(), MK_CHANNEL_SENDER), 0);
  ChildProcess middle = StartChild([&] {
    ChildCheck(Send(pids.get(), std::to_string(getpid())) == 0, "send middle pid");
    auto sender = RunInChild([&] {
      ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
      ChildCheck(Send(pids.get(), std::to_string(getpid())) == 0, "send sender pid");
      ChildCheck(Recv(go.get()).msg == "exit", "wait for exit");
    });
    ChildCheck(sender.exited && sender.exit_code == 0, "sender: " + sender.Describe());
  });
  pid_t middle_pid = std::stoi(Recv(pids.get()).msg);
  pid_t sender_pid = std::stoi(Recv(pids.get()).msg);
  ASSERT_THAT(kill(middle_pid, SIGSTOP), mk_testing::SyscallSucceeds());
  ASSERT_TRUE(WaitUntilState(middle_pid, 'T'));
  ASSERT_EQ(0, Send(go.get(), "exit"));
  ASSERT_TRUE(WaitUntilState(sender_pid, 'Z'));
  EXPECT_THAT(kill(sender_pid, 0), mk_testing::SyscallSucceeds()) << "pid polling would say alive";

  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE));
  ASSERT_THAT(kill(middle_pid, SIGCONT), mk_testing::SyscallSucceeds());
  EXPECT_THAT(middle.Wait(), ExitedWith(0));
}

TEST(PeerGone, EpipeOnlyOnceTheLastSenderIsGone) {
  auto ch = MakeChannel(64);
  auto go = MakeChannel(64);  // parent -> child B
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  ASSERT_GE(mk_channel_attach(go.get(), MK_CHANNEL_SENDER), 0);
  ChildProcess b = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
    ChildCheck(Send(ch.get(), "B attached") == 0, "send");
    ChildCheck(Recv(go.get()).msg == "go", "wait for go");
    ChildCheck(Send(ch.get(), "B done") == 0, "send");
  });
  ASSERT_EQ("B attached", Recv(ch.get()).msg);
  EXPECT_THAT(RunInChild([&] {
                ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
              }),
              ExitedWith(0));
  EXPECT_THAT(Recv(ch.get(), 100).rc, ReturnsErrno(ETIMEDOUT)) << "A is gone, B is not";
  EXPECT_EQ(0, Send(go.get(), "go"));
  EXPECT_EQ("B done", Recv(ch.get()).msg);
  EXPECT_THAT(b.Wait(), ExitedWith(0));
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE));
}

TEST(PeerGone, ANewSenderMakesTheChannelUsableAgain) {
  auto ch = MakeChannel(64);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  auto sender = [&](const std::string &msg) {
    return RunInChild([&] {
      ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
      ChildCheck(Send(ch.get(), msg) == 0, "send");
    });
  };
  EXPECT_THAT(sender("first"), ExitedWith(0));
  EXPECT_EQ("first", Recv(ch.get()).msg);
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE));
  EXPECT_THAT(sender("second"), ExitedWith(0));
  EXPECT_EQ("second", Recv(ch.get()).msg);
}

// --- killed in the middle of an operation ------------------------------------

TEST(KilledMidOperation, SenderKilledHoldingTheLockDropsItsHalfWrittenMessage) {
  auto ch = MakeChannel(64);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  ChildProcess child = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
    ChildCheck(Send(ch.get(), "before") == 0, "send");
    DieAt(MK_CHANNEL_POINT_SEND_BEFORE_PUBLISH);
    Send(ch.get(), "doomed");
    ChildCheck(false, "survived the fault point");
  });
  EXPECT_EQ("before", Recv(ch.get()).msg);
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE)) << "the lock was recovered";
  EXPECT_THAT(child.Wait(), KilledBySignal(SIGKILL));

  // Still usable: the next message is the next one sent, not the doomed one.
  EXPECT_THAT(RunInChild([&] {
                ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
                ChildCheck(Send(ch.get(), "after") == 0, "send");
              }),
              ExitedWith(0));
  EXPECT_EQ("after", Recv(ch.get()).msg);
  EXPECT_THAT(Recv(ch.get(), 0).rc, ReturnsErrno(EPIPE));
}

TEST(KilledMidOperation, ReceiverKilledHoldingTheLockLeavesItsMessageQueued) {
  auto ch = MakeChannel(64);
  ASSERT_EQ(0, Send(ch.get(), "precious"));
  int filled = FillChannel(ch.get(), "fill");
  ASSERT_GT(filled, 0);
  ChildProcess child = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER) >= 0, "attach");
    DieAt(MK_CHANNEL_POINT_RECV_BEFORE_PUBLISH);
    Recv(ch.get());
    ChildCheck(false, "survived the fault point");
  });
  // Blocked on a full channel, then the lock comes back owner-dead.
  EXPECT_THAT(Send(ch.get(), "more"), ReturnsErrno(EPIPE));
  EXPECT_THAT(child.Wait(), KilledBySignal(SIGKILL));

  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  EXPECT_EQ("precious", Recv(ch.get(), 0).msg) << "not lost";
  for (int i = 0; i < filled; i++) EXPECT_EQ("fill", Recv(ch.get(), 0).msg);
  EXPECT_EQ(0, Send(ch.get(), "works", 0));
  EXPECT_EQ("works", Recv(ch.get(), 0).msg);
}

TEST(KilledMidOperation, KilledMidAttachLeavesNoEndpointBehind) {
  auto ch = MakeChannel(64);
  EXPECT_THAT(RunInChild([&] {
                DieAt(MK_CHANNEL_POINT_ATTACH_BEFORE_PUBLISH);
                mk_channel_attach(ch.get(), MK_CHANNEL_SENDER);
              }),
              KilledBySignal(SIGKILL));
  EXPECT_TRUE(AllEndpointsAttachable(ch.get()));
}

TEST(KilledMidOperation, KilledMidDetachCountsAsGone) {
  auto ch = MakeChannel(64);
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  EXPECT_THAT(RunInChild([&] {
                int id = mk_channel_attach(ch.get(), MK_CHANNEL_SENDER);
                ChildCheck(id >= 0, "attach");
                DieAt(MK_CHANNEL_POINT_DETACH_BEFORE_PUBLISH);
                mk_channel_detach(ch.get(), id);
              }),
              KilledBySignal(SIGKILL));
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE));
  EXPECT_TRUE(AllEndpointsAttachable(ch.get(), 1));
}

TEST(KilledMidOperation, ReceiverKilledWhileWaitingLeavesTheChannelUsable) {
  auto ch = MakeChannel(64);
  auto pids = MakeChannel(64);  // child -> parent: its pid, then it waits
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER), 0);
  ChildProcess waiter = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER) >= 0, "attach");
    ChildCheck(Send(pids.get(), std::to_string(getpid())) == 0, "send pid");
    Recv(ch.get(), -1);
    ChildCheck(false, "received from an empty channel");
  });
  pid_t pid = std::stoi(Recv(pids.get()).msg);
  ASSERT_TRUE(WaitUntilState(pid, 'S'));
  ASSERT_THAT(kill(pid, SIGKILL), mk_testing::SyscallSucceeds());
  EXPECT_THAT(waiter.Wait(), KilledBySignal(SIGKILL));
  EXPECT_THAT(Send(ch.get(), "nobody"), ReturnsErrno(EPIPE));

  // A new receiver, waiting in its turn, is woken for each message.
  ChildProcess receiver = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER) >= 0, "attach");
    ChildCheck(Send(pids.get(), "waiting") == 0, "send");
    ChildCheck(Recv(ch.get()).msg == "one", "one");
    ChildCheck(Recv(ch.get()).msg == "two", "two");
  });
  ASSERT_EQ("waiting", Recv(pids.get()).msg);
  EXPECT_EQ(0, Send(ch.get(), "one"));
  EXPECT_EQ(0, Send(ch.get(), "two"));
  EXPECT_THAT(receiver.Wait(), ExitedWith(0));
}

// --- stopped while holding the lock ------------------------------------------

TEST(StoppedMidOperation, AStoppedLockHolderCostsATimeoutNotAHang) {
  constexpr int kTimeoutMs = 120;
  auto ch = MakeChannel(64);
  auto pids = MakeChannel(64);  // child -> parent: its pid
  ASSERT_GE(mk_channel_attach(ch.get(), MK_CHANNEL_RECEIVER), 0);
  ChildProcess child = StartChild([&] {
    ChildCheck(mk_channel_attach(ch.get(), MK_CHANNEL_SENDER) >= 0, "attach");
    ChildCheck(Send(pids.get(), std::to_string(getpid())) == 0, "send pid");
    RaiseAt(MK_CHANNEL_POINT_SEND_BEFORE_PUBLISH, SIGSTOP);
    Send(ch.get(), "stopped");
    ChildCheck(false, "continued after SIGSTOP");
  });
  pid_t pid = std::stoi(Recv(pids.get()).msg);
  ASSERT_TRUE(WaitUntilState(pid, 'T'));
  auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(Recv(ch.get(), kTimeoutMs).rc, ReturnsErrno(ETIMEDOUT));
  EXPECT_GE(ElapsedMs(start), kTimeoutMs);
  EXPECT_THAT(Recv(ch.get(), 0).rc, ReturnsErrno(EAGAIN)) << "0 does not wait for the lock";

  ASSERT_THAT(kill(pid, SIGKILL), mk_testing::SyscallSucceeds());
  EXPECT_THAT(Recv(ch.get()).rc, ReturnsErrno(EPIPE)) << "its half-sent message is dropped";
  EXPECT_THAT(child.Wait(), KilledBySignal(SIGKILL));
}

}  // namespace
