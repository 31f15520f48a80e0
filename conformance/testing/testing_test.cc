// Tests of fixtures.h and matchers.h: each helper does what it says, and each
// matcher fails, with a readable message, when the behaviour it checks is
// absent. files.h and privileges.h have their own test files.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"

namespace mk_testing {
namespace {

using namespace mk_posix;  // NOLINT: the helpers under test and the matchers

TEST(TempFile, CreatesWithContentAndRemovesOnDestruction) {
  std::string path;
  {
    TempFile file("hello");
    path = file.path();
    std::string got;
    ASSERT_NO_ERRNO(ReadFile(path, &got));
    EXPECT_EQ("hello", got);
    EXPECT_EQ(0u, path.rfind(TempDir(), 0)) << path << " is not under " << TempDir();
  }
  EXPECT_THAT(access(path.c_str(), F_OK), SyscallFailsWithErrno(ENOENT));
}

TEST(TempDirectory, RemovesItsTree) {
  std::string path;
  {
    TempDirectory dir;
    path = dir.path();
    ASSERT_THAT(mkdir(dir.Join("sub").c_str(), 0755), SyscallSucceeds());
    ASSERT_NO_ERRNO(WriteFile(dir.Join("sub/f"), "x"));
  }
  EXPECT_THAT(access(path.c_str(), F_OK), SyscallFailsWithErrno(ENOENT));
}

TEST(TempDirectory, CanLiveUnderAnotherParent) {
  TempDirectory parent;
  std::string path;
  {
    TempDirectory dir(parent.path());
    path = dir.path();
    EXPECT_EQ(0u, path.rfind(parent.path() + "/", 0)) << path;
    ASSERT_NO_ERRNO(WriteFile(dir.Join("f"), "x"));
  }
  EXPECT_THAT(access(path.c_str(), F_OK), SyscallFailsWithErrno(ENOENT));
}

TEST(ScopedFd, ClosesOnDestruction) {
  int raw;
  {
    TempFile file;
    ScopedFd fd = file.Open(O_RDONLY);
    ASSERT_TRUE(fd.valid());
    raw = fd.get();
  }
  EXPECT_THAT(fcntl(raw, F_GETFD), SyscallFailsWithErrno(EBADF));
}

TEST(Mapping, UnmapsOnDestruction) {
  void *addr;
  {
    Mapping m = Mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_TRUE(m.valid());
    addr = m.addr();
  }
  // An unmapped page: msync reports ENOMEM.
  EXPECT_THAT(msync(addr, 4096, MS_ASYNC), SyscallFailsWithErrno(ENOMEM));
}

TEST(SyscallMatchers, PrintErrnoNamesAndFailWhenWrong) {
  EXPECT_THAT(close(-1), SyscallFailsWithErrno(EBADF));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(close(-1), SyscallFailsWithErrno(EINVAL)),
                          "failed with EBADF (Bad file descriptor)");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(close(-1), SyscallSucceeds()), "EBADF");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(getpid(), SyscallFailsWithErrno(EPERM)), "succeeded");
  EXPECT_NONFATAL_FAILURE(
      EXPECT_THAT(mmap(nullptr, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  SyscallSucceeds()),
      "EINVAL");
}

TEST(ReturnsErrno, MatchesNegativeErrnoAndNamesTheOtherOne) {
  EXPECT_THAT(-EACCES, ReturnsErrno(EACCES));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(-EINVAL, ReturnsErrno(EACCES)), "returned -EINVAL");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(0, ReturnsErrno(EACCES)), "success");
  EXPECT_THAT(5L, ReturnsSuccess());
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(-ENOSPC, ReturnsSuccess()), "ENOSPC");
}

TEST(PosixError, NamesTheCallAndTheErrno) {
  EXPECT_TRUE(PosixError().ok());
  EXPECT_EQ("ok", PosixError().ToString());
  PosixError e = WriteFile("/nonexistent-dir/f", "x");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(ENOENT, e.errno_value());
  EXPECT_EQ(
      "open(/nonexistent-dir/f, O_WRONLY|O_CREAT|O_TRUNC): ENOENT (No such file or directory)",
      e.ToString());
  std::string text;
  EXPECT_EQ("open(/nonexistent-dir/f, O_RDONLY): ENOENT (No such file or directory)",
            ReadFile("/nonexistent-dir/f", &text).ToString());
  errno = 0;
  EXPECT_EQ(EIO, ErrnoError("a call that set no errno").errno_value());
}

TEST(PosixError, AssertNoErrnoPrintsTheErrorAndPassesOnSuccess) {
  TempFile file;
  ASSERT_NO_ERRNO(WriteFile(file.path(), "abc"));
  std::string text;
  EXPECT_NO_ERRNO(ReadFile(file.path(), &text));
  EXPECT_EQ("abc", text);
  EXPECT_NONFATAL_FAILURE(EXPECT_NO_ERRNO(WriteFile("/nonexistent-dir/f", "x")) << "context",
                          "WriteFile(\"/nonexistent-dir/f\", \"x\") failed\n"
                          "open(/nonexistent-dir/f, O_WRONLY|O_CREAT|O_TRUNC): ENOENT");
  EXPECT_FATAL_FAILURE(ASSERT_NO_ERRNO(PosixError(ENOSPC, "write(x)")), "write(x): ENOSPC");
  PosixErrorOr<int> value(7), error(PosixError(EBADF, "fstat(-1)"));
  EXPECT_NO_ERRNO(value);
  EXPECT_EQ(7, value.value());
  EXPECT_NONFATAL_FAILURE(EXPECT_NO_ERRNO(error), "fstat(-1): EBADF");
}

TEST(RunInChild, ReportsExitStatus) {
  EXPECT_THAT(RunInChild([] {}), ExitedWith(0));
  EXPECT_THAT(RunInChild([] { _exit(3); }), ExitedWith(3));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(RunInChild([] { _exit(3); }), ExitedWith(0)),
                          "exited with status 3");
}

TEST(RunInChild, ReportsSignalAndSiCode) {
  Mapping m = Mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(m.valid());
  ChildOutcome outcome = RunInChild([&] { (void)*m.vptr(); });
  EXPECT_THAT(outcome, KilledBySignal(SIGSEGV, SEGV_ACCERR));
  EXPECT_EQ(m.addr_value(), outcome.fault_addr);
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(outcome, KilledBySignal(SIGBUS)),
                          "killed by SIGSEGV (SEGV_ACCERR)");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(outcome, KilledBySignal(SIGSEGV, SEGV_MAPERR)),
                          "SEGV_ACCERR");
}

TEST(RunInChild, ReportsKillWithoutSiCode) {
  ChildOutcome outcome = RunInChild([] { raise(SIGTERM); });
  EXPECT_THAT(outcome, KilledBySignal(SIGTERM));
  EXPECT_EQ(0, outcome.si_code);
}

TEST(RunInChild, AGrandchildsFaultIsNotTheChilds) {
  // A process the child forks itself inherits the fault handler; its fault
  // kills it, and the child's own outcome stays its own.
  Mapping m = Mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(m.valid());
  ChildOutcome outcome = RunInChild([&] {
    pid_t pid = fork();
    if (pid == 0) {
      (void)*m.vptr();
      _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    _exit(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV ? 6 : 7);
  });
  EXPECT_THAT(outcome, ExitedWith(6));
  EXPECT_FALSE(outcome.fault_not_fatal) << outcome.Describe();
  EXPECT_EQ(0, outcome.signal) << outcome.Describe();
}

// In the child: a helper process ptrace-attaches to it and swallows every
// SIGSEGV that is not a hardware fault, so the signal the fault handler
// re-raises never takes its default action. Stands for a platform (a
// translator, a ptrace-based sandbox) on which a fault does not end the
// process. Returns false if this machine does not allow the attach.
bool SwallowReraisedSignals() {
  int ready[2];
  if (pipe(ready) != 0) return false;
  const pid_t tracee = getpid();
  prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY);  // Yama, where present
  pid_t tracer = fork();
  if (tracer < 0) return false;
  if (tracer == 0) {
    char ok = ptrace(PTRACE_SEIZE, tracee, nullptr, nullptr) == 0 ? 'y' : 'n';
    if (write(ready[1], &ok, 1) != 1 || ok != 'y') _exit(0);
    for (;;) {
      int status;
      if (waitpid(tracee, &status, __WALL) < 0 || !WIFSTOPPED(status)) _exit(0);
      int sig = WSTOPSIG(status);
      siginfo_t info;
      if (ptrace(PTRACE_GETSIGINFO, tracee, nullptr, &info) != 0) sig = 0;  // an event stop
      if (sig == SIGSEGV && info.si_code <= 0) sig = 0;  // re-raised by the handler
      ptrace(PTRACE_CONT, tracee, nullptr, reinterpret_cast<void *>(static_cast<long>(sig)));
    }
  }
  char ok = 'n';
  return read(ready[0], &ok, 1) == 1 && ok == 'y';
}

TEST(RunInChild, NoticesAFaultThatDidNotEndTheChild) {
  constexpr int kNoPtrace = 77;
  Mapping m = Mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(m.valid());
  ChildOutcome outcome = RunInChildGroup([&] {
    if (!SwallowReraisedSignals()) _exit(kNoPtrace);
    (void)*m.vptr();
  });
  if (outcome.exited && outcome.exit_code == kNoPtrace) {
    GTEST_SKIP() << "ptrace of the parent is not allowed here";
  }
  EXPECT_TRUE(outcome.fault_not_fatal) << outcome.Describe();
  EXPECT_EQ(SIGSEGV, outcome.signal);
  EXPECT_EQ(SEGV_ACCERR, outcome.si_code);
  EXPECT_EQ(m.addr_value(), outcome.fault_addr);
  EXPECT_THAT(outcome.Describe(),
              ::testing::MatchesRegex("SIGSEGV \\(SEGV_ACCERR\\) at 0x[0-9a-f]+ reported by the "
                                      "child's fault handler, but the fault did not end the "
                                      "child: it survived the signal re-raised with its default "
                                      "action \\(its fault handler then exited with status "
                                      "125\\)"));
  // Not "killed by": a matcher for a fatal signal must not accept it.
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(outcome, KilledBySignal(SIGSEGV)), "did not end the child");
}

TEST(RunInChild, KillsAChildPastItsTimeout) {
  ChildOutcome outcome = RunInChild([] { pause(); }, 100);
  EXPECT_TRUE(outcome.timed_out) << outcome.Describe();
  EXPECT_EQ("timed out (killed)", outcome.Describe());
}

TEST(RunInChild, ReturnsWhileAGrandchildKeepsThePipeOpen) {
  // The grandchild inherits the report pipe; RunInChild must still return
  // as soon as the child itself is done.
  Mapping shared = Mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(shared.valid());
  volatile pid_t *grandchild = reinterpret_cast<volatile pid_t *>(shared.addr());
  ChildOutcome outcome = RunInChild([&] {
    pid_t pid = fork();
    if (pid == 0) {
      pause();
      _exit(0);
    }
    *grandchild = pid;
    _exit(4);
  });
  EXPECT_THAT(outcome, ExitedWith(4));
  ASSERT_GT(*grandchild, 0);
  EXPECT_THAT(kill(*grandchild, SIGKILL), SyscallSucceeds());
}

TEST(RunInChildGroup, KillsWhatTheChildLeftBehind) {
  // Orphans come to this process (a subreaper), so the test can see them end.
  ScopedSubreaper subreaper;
  ASSERT_THAT(subreaper.result(), SyscallSucceeds());
  Mapping shared = Mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(shared.valid());
  volatile pid_t *leftover = reinterpret_cast<volatile pid_t *>(shared.addr());
  for (bool hang : {false, true}) {
    *leftover = 0;
    // The grandchild holds RunInChild's report pipe open: plain RunInChild
    // would wait for it forever.
    ChildOutcome outcome = RunInChildGroup(
        [leftover, hang] {
          pid_t pid = fork();
          if (pid == 0) {
            for (;;) pause();
          }
          *leftover = pid;
          if (hang) {
            for (;;) pause();
          }
        },
        200);
    EXPECT_EQ(hang, outcome.timed_out) << outcome.Describe();
    EXPECT_EQ(!hang, outcome.exited) << outcome.Describe();
    ASSERT_GT(*leftover, 0);
    int status = WaitForChild(*leftover);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  }
}

TEST(RunInChildGroup, ReportsLikeRunInChild) {
  Mapping m = Mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(m.valid());
  EXPECT_THAT(RunInChildGroup([&] { (void)*m.vptr(); }), KilledBySignal(SIGSEGV, SEGV_ACCERR));
  EXPECT_THAT(RunInChildGroup([] { _exit(4); }), ExitedWith(4));
}

// Whether SIGCHLD is blocked in this thread.
bool SigchldBlocked() {
  sigset_t now;
  sigprocmask(SIG_BLOCK, nullptr, &now);
  return sigismember(&now, SIGCHLD) == 1;
}

TEST(ScopedSubreaper, AdoptsOrphansWhileItLivesAndRestoresOnDestruction) {
  ASSERT_FALSE(SigchldBlocked());
  {
    ScopedSubreaper subreaper;
    ASSERT_THAT(subreaper.result(), SyscallSucceeds());
    int on = 0;
    ASSERT_THAT(prctl(PR_GET_CHILD_SUBREAPER, &on), SyscallSucceeds());
    EXPECT_EQ(1, on);
    EXPECT_TRUE(SigchldBlocked());
  }
  int on = 1;
  ASSERT_THAT(prctl(PR_GET_CHILD_SUBREAPER, &on), SyscallSucceeds());
  EXPECT_EQ(0, on);
  EXPECT_FALSE(SigchldBlocked());
}

TEST(WaitForChild, ReturnsTheStatusOrMinusOneWhenTheChildOutlivesTheTimeout) {
  ScopedSubreaper subreaper;  // SIGCHLD blocked: no sleeping
  ASSERT_THAT(subreaper.result(), SyscallSucceeds());
  pid_t pid = fork();
  if (pid == 0) {
    pause();
    _exit(0);
  }
  ASSERT_GT(pid, 0);
  EXPECT_EQ(-1, WaitForChild(pid, 200)) << "still running";
  ASSERT_THAT(kill(pid, SIGKILL), SyscallSucceeds());
  int status = WaitForChild(pid);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  EXPECT_EQ(-1, WaitForChild(pid, 100)) << "already reaped";
}

TEST(ChildCheck, PassesOrExitsOneNamingTheCheck) {
  TempFile log;
  EXPECT_THAT(RunInChild([] { ChildCheck(true, "holds"); }), ExitedWith(0));
  EXPECT_THAT(RunInChild([&] {
                ScopedFd fd = log.Open(O_WRONLY);
                if (!fd.valid() || dup2(fd.get(), STDERR_FILENO) < 0) _exit(2);
                ChildCheck(false, "the answer is 42");
                _exit(0);  // not reached
              }),
              ExitedWith(1));
  std::string text;
  ASSERT_NO_ERRNO(ReadFile(log.path(), &text));
  EXPECT_EQ("child check failed: the answer is 42\n", text);
}

TEST(InChild, ReturnsWhatTheChildReturnedOrHowItEnded) {
  EXPECT_EQ("from the child " + std::to_string(getpid()), InChild([parent = getpid()] {
              return getppid() == parent ? "from the child " + std::to_string(parent)
                                         : std::string("not a child");
            }));
  EXPECT_EQ("", InChild([] { return std::string(); }));
  EXPECT_EQ("child exited with status 3", InChild([]() -> std::string { _exit(3); }));
  EXPECT_EQ("child killed by SIGTERM", InChild([]() -> std::string {
              raise(SIGTERM);
              return "survived";
            }));
}

TEST(StartChild, RunsWhileTheTestTalksToIt) {
  int to_child[2], to_parent[2];
  ASSERT_THAT(pipe2(to_child, O_CLOEXEC), SyscallSucceeds());
  ASSERT_THAT(pipe2(to_parent, O_CLOEXEC), SyscallSucceeds());
  ScopedFd child_in(to_child[0]), parent_out(to_child[1]);
  ScopedFd parent_in(to_parent[0]), child_out(to_parent[1]);
  ChildProcess child = StartChild([&] {
    char c = 0;
    ChildCheck(read(child_in.get(), &c, 1) == 1, "read");
    c++;
    ChildCheck(write(child_out.get(), &c, 1) == 1, "write");
  });
  ASSERT_GT(child.pid(), 0);
  char c = 'a';
  ASSERT_THAT(write(parent_out.get(), &c, 1), SyscallSucceedsWithValue(1));
  ASSERT_THAT(read(parent_in.get(), &c, 1), SyscallSucceedsWithValue(1));
  EXPECT_EQ('b', c);
  EXPECT_THAT(child.Wait(), ExitedWith(0));
  EXPECT_THAT(child.Wait(), ExitedWith(0)) << "a second Wait returns the same outcome";
}

TEST(StartChild, ReportsLikeRunInChild) {
  Mapping m = Mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(m.valid());
  ChildProcess faulting = StartChild([&] { (void)*m.vptr(); });
  ChildOutcome outcome = faulting.Wait();
  EXPECT_THAT(outcome, KilledBySignal(SIGSEGV, SEGV_ACCERR));
  EXPECT_EQ(m.addr_value(), outcome.fault_addr);
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(outcome, ExitedWith(0)), "killed by SIGSEGV (SEGV_ACCERR)");
  EXPECT_THAT(StartChild([] { _exit(5); }).Wait(), ExitedWith(5));
}

TEST(StartChild, KillsAChildPastItsTimeout) {
  ChildProcess child = StartChild([] { pause(); }, 100);
  ChildOutcome outcome = child.Wait();
  EXPECT_TRUE(outcome.timed_out) << outcome.Describe();
  EXPECT_EQ(SIGKILL, outcome.signal);
}

TEST(StartChild, ReapsOnlyInWait) {
  ChildProcess child = StartChild([] { _exit(6); });
  ASSERT_GT(child.pid(), 0);
  // Until Wait() the child stays a zombie: its pid cannot be reused.
  siginfo_t info = {};
  ASSERT_THAT(waitid(P_PID, static_cast<id_t>(child.pid()), &info, WEXITED | WNOWAIT),
              SyscallSucceeds());
  EXPECT_THAT(kill(child.pid(), 0), SyscallSucceeds()) << "already reaped";
  EXPECT_THAT(child.Wait(), ExitedWith(6));
  EXPECT_THAT(kill(child.pid(), 0), SyscallFailsWithErrno(ESRCH));
}

TEST(StartChild, KillsAndReapsAChildThatIsNeverWaitedFor) {
  pid_t pid;
  {
    ChildProcess child = StartChild([] { pause(); });
    pid = child.pid();
    ASSERT_GT(pid, 0);
  }
  EXPECT_THAT(kill(pid, 0), SyscallFailsWithErrno(ESRCH));
  EXPECT_THAT(waitpid(pid, nullptr, WNOHANG), SyscallFailsWithErrno(ECHILD));
}

TEST(StartChild, AMovedChildIsWaitedForOnce) {
  std::vector<ChildProcess> children;
  for (int i = 0; i < 3; i++) children.push_back(StartChild([i] { _exit(10 + i); }));
  for (int i = 0; i < 3; i++) EXPECT_THAT(children[i].Wait(), ExitedWith(10 + i));
}

TEST(Pattern, IsDeterministicAndSeedDependent) {
  EXPECT_EQ(Pattern(4097, 1), Pattern(4097, 1));
  EXPECT_NE(Pattern(4097, 1), Pattern(4097, 2));
  EXPECT_NE(Pattern(4096).substr(0, 64), Pattern(8192).substr(4096, 64));
}

}  // namespace
}  // namespace mk_testing
