// Thread records (core/src/channel_liveness.h, private): how the channel
// tells a live thread from a dead one where robust futexes do not work.
// White-box: through the channel these cases need emulators or sandboxes;
// here each judgement is checked on its own, against threads and processes
// in known states (alive, ended, zombie, reaped, id reused, no /proc).
#include "core/src/channel_liveness.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <thread>

#include "conformance/posix/fixtures.h"
#include "gtest/gtest.h"

namespace {

using mk_posix::InChild;
using mk_posix::ReadFile;

pid_t Gettid() {
  return static_cast<pid_t>(syscall(SYS_gettid));
}

// Field 22 (start time) of /proc/self/task/TID/stat, read independently.
uint64_t StartTimeOf(pid_t tid) {
  std::string stat;
  if (!ReadFile("/proc/self/task/" + std::to_string(tid) + "/stat", &stat)) return 0;
  size_t p = stat.rfind(')') + 2;  // field 3
  for (int field = 3; field < 22; field++) p = stat.find(' ', p) + 1;
  return std::stoull(stat.substr(p));
}

// A forked child that exits at once and stays a zombie (not reaped) until
// Reap(). Its identity as it saw itself.
struct Zombie {
  mk__thread id{};
  pid_t pid = -1;

  Zombie() {
    int p[2];
    if (pipe(p) != 0) return;
    pid = fork();
    if (pid == 0) {
      const mk__thread *self = mk__thread_self();
      ssize_t w = write(p[1], self, sizeof *self);
      _exit(w == sizeof *self ? 0 : 1);
    }
    close(p[1]);
    if (read(p[0], &id, sizeof id) != sizeof id) id = {};
    close(p[0]);
    siginfo_t info;
    waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT);  // dead, not reaped
  }
  void Reap() {
    if (pid > 0) waitpid(pid, nullptr, 0);
    pid = -1;
  }
  ~Zombie() { Reap(); }
};

TEST(Self, NamesThisThreadWithItsStartTime) {
  const mk__thread *self = mk__thread_self();
  EXPECT_EQ(getpid(), self->tgid);
  EXPECT_EQ(Gettid(), self->tid);
  EXPECT_NE(0u, self->start) << "/proc gave no start time";
  EXPECT_EQ(StartTimeOf(Gettid()), self->start);
}

TEST(Self, AnotherThreadAndAForkedChildAreSomeoneElse) {
  const mk__thread me = *mk__thread_self();
  mk__thread other{};
  std::thread([&] { other = *mk__thread_self(); }).join();
  EXPECT_EQ(me.tgid, other.tgid);
  EXPECT_NE(me.tid, other.tid) << "a thread has its own id";
  EXPECT_EQ(mk__thread_self()->tid, me.tid) << "and ours is kept";
  EXPECT_EQ("child", InChild([&]() -> std::string {
              const mk__thread *child = mk__thread_self();  // kept from before the fork?
              if (child->tgid != getpid()) return "process id is the parent's";
              if (child->tid != Gettid()) return "thread id is the parent's";
              return "child";
            }));
}

TEST(Alive, ThisThreadIsAliveAndNobodyIsNot) {
  EXPECT_TRUE(mk__thread_alive(mk__thread_self(), 0));
  EXPECT_TRUE(mk__thread_alive(mk__thread_self(), 1));
  const mk__thread nobody = {0, 0, 0};
  EXPECT_FALSE(mk__thread_alive(&nobody, 1));
}

// Threads other than a process's first are reaped when they end: no zombie,
// so even the quick look sees them gone, once the kernel has let go of the
// id (pthread_join returns moments before that).
TEST(Alive, AThreadThatEndedIsGone) {
  mk__thread ended{};
  std::thread([&] { ended = *mk__thread_self(); }).join();
  bool gone = false;
  for (int i = 0; i < 10000 && !gone; i++) {
    gone = !mk__thread_alive(&ended, 0);
    if (!gone) usleep(1000);
  }
  EXPECT_TRUE(gone) << "an ended thread still counts as alive after 10 s";
  EXPECT_FALSE(mk__thread_alive(&ended, 1));
}

// kill(pid, 0) succeeds on a zombie: only /proc (state Z) shows it dead.
TEST(Alive, AZombieIsGoneToAThoroughLookAndAReapedProcessToAnyLook) {
  Zombie zombie;
  ASSERT_GT(zombie.id.tid, 0);
  EXPECT_TRUE(mk__thread_alive(&zombie.id, 0)) << "the quick look cannot see a zombie";
  EXPECT_FALSE(mk__thread_alive(&zombie.id, 1)) << "dead, not yet reaped";
  zombie.Reap();
  EXPECT_FALSE(mk__thread_alive(&zombie.id, 0));
  EXPECT_FALSE(mk__thread_alive(&zombie.id, 1));
}

// A thread id the kernel gave to a new thread after ours died: the start
// time differs (simulated: the record's start time is off by one tick).
TEST(Alive, AReusedThreadIdIsGoneToAThoroughLook) {
  mk__thread reused = *mk__thread_self();
  reused.start += 1;
  EXPECT_FALSE(mk__thread_alive(&reused, 1));
  EXPECT_TRUE(mk__thread_alive(&reused, 0)) << "the quick look does not read start times";
}

// The id of a thread that ended, given to a thread of another process:
// only the pair (process, thread) tells them apart (tgkill checks it).
TEST(Alive, AThreadIdNowInAnotherProcessIsGoneToAThoroughLook) {
  mk__thread elsewhere = *mk__thread_self();
  elsewhere.tgid = getppid();
  EXPECT_TRUE(mk__thread_alive(&elsewhere, 0)) << "the quick look asks for the id alone";
  EXPECT_FALSE(mk__thread_alive(&elsewhere, 1));
}

// Without /proc (not mounted in a sandbox): a process's pidfd still shows a
// zombie, and a live thread must not be taken for dead.
TEST(Alive, WithoutProcAPidfdShowsAZombieAndLiveThreadsStayAlive) {
  std::string got = InChild([]() -> std::string {
    const mk__thread me = *mk__thread_self();  // start time read while /proc was there
    if (unshare(CLONE_NEWNS) != 0) return "skip: unshare(CLONE_NEWNS): " + std::to_string(errno);
    if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        mount("none", "/proc", "tmpfs", 0, nullptr) != 0) {
      return "skip: cannot hide /proc: " + std::to_string(errno);
    }
    std::string stat;
    // Not /proc/self/stat: qemu-user answers that one itself.
    if (ReadFile("/proc/self/status", &stat)) return "/proc is still there";
    if (!mk__thread_alive(&me, 1)) return "this thread was taken for dead";
    Zombie zombie;
    zombie.id.start = 1;  // as if recorded while /proc was there
    if (mk__thread_alive(&zombie.id, 1)) return "a zombie was taken for alive";
    return "ok";
  });
  if (got.rfind("skip:", 0) == 0) GTEST_SKIP() << got;
  EXPECT_EQ("ok", got);
}

TEST(Record, WhatIsWrittenIsRead) {
  mk__thread_record rec{};
  mk__thread t{};
  EXPECT_EQ(0, mk__thread_record_read(&rec, &t));
  EXPECT_EQ(0, t.tid) << "zero-filled memory names nobody";
  EXPECT_FALSE(mk__thread_record_alive(&rec, 1));
  const mk__thread *self = mk__thread_self();
  mk__thread_record_write(&rec, self);
  ASSERT_EQ(0, mk__thread_record_read(&rec, &t));
  EXPECT_EQ(self->tgid, t.tgid);
  EXPECT_EQ(self->tid, t.tid);
  EXPECT_EQ(self->start, t.start);
  EXPECT_TRUE(mk__thread_record_alive(&rec, 1));
}

// A writer that died half-way leaves an odd sequence count: the record is
// judged by its thread id alone, so a dead writer is still seen dead and a
// live one alive.
TEST(Record, AHalfWrittenRecordIsJudgedByItsThreadId) {
  mk__thread_record rec{};
  mk__thread_record_write(&rec, mk__thread_self());
  rec.seq |= 1;
  mk__thread t{};
  EXPECT_EQ(-EAGAIN, mk__thread_record_read(&rec, &t));
  EXPECT_EQ(Gettid(), t.tid);
  EXPECT_TRUE(mk__thread_record_alive(&rec, 1));
  Zombie zombie;
  zombie.Reap();
  mk__thread_record_write(&rec, &zombie.id);
  rec.seq |= 1;
  EXPECT_FALSE(mk__thread_record_alive(&rec, 1));
  rec.seq += 1;  // a later writer finishes: whole again
  EXPECT_EQ(0, mk__thread_record_read(&rec, &t));
}

TEST(Record, IsSelfOnlyForTheThreadItNames) {
  mk__thread_record rec{};
  EXPECT_FALSE(mk__thread_record_is_self(&rec));
  mk__thread_record_write(&rec, mk__thread_self());
  EXPECT_TRUE(mk__thread_record_is_self(&rec));
  bool in_thread = true;
  std::thread([&] { in_thread = mk__thread_record_is_self(&rec); }).join();
  EXPECT_FALSE(in_thread);
  EXPECT_EQ("no", InChild([&]() -> std::string {
              return mk__thread_record_is_self(&rec) ? "yes" : "no";
            }));
  mk__thread reused = *mk__thread_self();
  reused.start += 1;
  mk__thread_record_write(&rec, &reused);
  EXPECT_FALSE(mk__thread_record_is_self(&rec)) << "same ids, another start time";
}

}  // namespace
