// Tests of the helper layer itself: each matcher must fail, with a readable
// message, when the behaviour it checks is absent.
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "conformance/testing/fixtures.h"
#include "conformance/testing/matchers.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"

namespace mk_testing {
namespace {

TEST(TempFile, CreatesWithContentAndRemovesOnDestruction) {
  std::string path;
  {
    TempFile file("hello");
    path = file.path();
    std::string got;
    ASSERT_TRUE(ReadFile(path, &got));
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
    ASSERT_TRUE(WriteFile(dir.Join("sub/f"), "x"));
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
    ASSERT_TRUE(WriteFile(dir.Join("f"), "x"));
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

TEST(RunInChild, KillsAChildPastItsTimeout) {
  ChildOutcome outcome = RunInChild([] { pause(); }, 100);
  EXPECT_TRUE(outcome.timed_out) << outcome.Describe();
  EXPECT_EQ("timed out (killed)", outcome.Describe());
}

// Waits (without sleeping, up to 10 s) for a child of this process to end.
int WaitForChild(pid_t pid) {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  for (int i = 0; i < 100; i++) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    struct timespec timeout = {0, 100 * 1000 * 1000};
    sigtimedwait(&chld, nullptr, &timeout);
  }
  return -1;
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
  ASSERT_THAT(prctl(PR_SET_CHILD_SUBREAPER, 1), SyscallSucceeds());
  sigset_t chld, old;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &old);
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
  sigprocmask(SIG_SETMASK, &old, nullptr);
  prctl(PR_SET_CHILD_SUBREAPER, 0);
}

TEST(RunInChildGroup, ReportsLikeRunInChild) {
  Mapping m = Mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_TRUE(m.valid());
  EXPECT_THAT(RunInChildGroup([&] { (void)*m.vptr(); }), KilledBySignal(SIGSEGV, SEGV_ACCERR));
  EXPECT_THAT(RunInChildGroup([] { _exit(4); }), ExitedWith(4));
}

TEST(Pattern, IsDeterministicAndSeedDependent) {
  EXPECT_EQ(Pattern(4097, 1), Pattern(4097, 1));
  EXPECT_NE(Pattern(4097, 1), Pattern(4097, 2));
  EXPECT_NE(Pattern(4096).substr(0, 64), Pattern(8192).substr(4096, 64));
}

}  // namespace
}  // namespace mk_testing
