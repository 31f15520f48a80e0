// conformance/posix/fixtures.h - RAII file descriptors, temp files and
// mappings, and running code in a forked child (to completion, or in the
// background while the test talks to it). The one place such helpers live:
// core, tools, conformance and the report all use these. No googletest
// dependency (the stand-alone report links this too); files.h and
// privileges.h hold the file and capability helpers, matchers.h the
// googletest matchers.
#ifndef MMAPKIT_CONFORMANCE_POSIX_FIXTURES_H_
#define MMAPKIT_CONFORMANCE_POSIX_FIXTURES_H_

#include <signal.h>
#include <sys/types.h>
#include <time.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "conformance/posix/posix_error.h"

namespace mk_posix {

// Directory for scratch files: $TEST_TMPDIR (Bazel), else $TMPDIR, else /tmp.
std::string TempDir();

// Owns a file descriptor; closes it on destruction. -1 means none.
class ScopedFd {
 public:
  explicit ScopedFd(int fd = -1) : fd_(fd) {}
  ~ScopedFd() { reset(); }
  ScopedFd(ScopedFd &&other) noexcept : fd_(other.release()) {}
  ScopedFd &operator=(ScopedFd &&other) noexcept;
  ScopedFd(const ScopedFd &) = delete;
  ScopedFd &operator=(const ScopedFd &) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();
  void reset(int fd = -1);

 private:
  int fd_;
};

// A uniquely named file under TempDir() (or under dir), created with the given
// content and removed on destruction. Never follows an existing name.
class TempFile {
 public:
  explicit TempFile(const std::string &content = "", const std::string &dir = "");
  ~TempFile();
  TempFile(TempFile &&other) noexcept;
  TempFile(const TempFile &) = delete;
  TempFile &operator=(const TempFile &) = delete;

  const std::string &path() const { return path_; }
  // Opens the file with flags (O_CLOEXEC added). On failure the ScopedFd is
  // invalid and errno is set, like open(2).
  ScopedFd Open(int flags) const;

 private:
  std::string path_;
};

// A uniquely named directory under TempDir() (or under parent), removed
// (recursively) on destruction.
class TempDirectory {
 public:
  TempDirectory();
  // The same under parent instead of TempDir() (e.g. a tmpfs directory).
  explicit TempDirectory(const std::string &parent);
  ~TempDirectory();
  TempDirectory(const TempDirectory &) = delete;
  TempDirectory &operator=(const TempDirectory &) = delete;
  const std::string &path() const { return path_; }
  std::string Join(const std::string &name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Owns an mmap'ed range; munmaps it on destruction. Build one with Mmap().
class Mapping {
 public:
  Mapping() = default;
  Mapping(void *addr, size_t len) : addr_(addr), len_(len) {}
  ~Mapping() { reset(); }
  Mapping(Mapping &&other) noexcept;
  Mapping &operator=(Mapping &&other) noexcept;
  Mapping(const Mapping &) = delete;
  Mapping &operator=(const Mapping &) = delete;

  bool valid() const { return addr_ != nullptr; }
  void *addr() const { return addr_; }
  char *ptr() const { return static_cast<char *>(addr_); }
  volatile char *vptr() const { return static_cast<volatile char *>(addr_); }
  size_t len() const { return len_; }
  uintptr_t addr_value() const { return reinterpret_cast<uintptr_t>(addr_); }
  // Forget the range without unmapping it (after the test unmapped it itself).
  void release() {
    addr_ = nullptr;
    len_ = 0;
  }
  void reset();

 private:
  void *addr_ = nullptr;
  size_t len_ = 0;
};

// mmap(2) into a Mapping. On failure the Mapping is invalid and errno is set
// by mmap, so `Mmap(...)` can be checked like the syscall itself.
Mapping Mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);

// File helpers: whole-file read/write by path or fd. On failure, the errno and
// the call that failed.
PosixError WriteFile(const std::string &path, const std::string &content);
PosixError ReadFile(const std::string &path, std::string *content);
PosixError ReadFd(int fd, std::string *content);  // from offset 0, with pread
// n bytes of a deterministic pattern that differs at every page offset.
std::string Pattern(size_t n, unsigned seed = 0);

// What happened to a child run by RunInChild.
struct ChildOutcome {
  bool started = false;  // fork succeeded
  bool exited = false;   // exited normally (exit_code valid)
  int exit_code = 0;
  // The SIGSEGV/SIGBUS/SIGILL/SIGFPE the child's fault handler reported, else
  // the terminating signal; 0 if none.
  int signal = 0;
  int si_code = 0;  // si_code of a reported fault, 0 otherwise
  uintptr_t fault_addr = 0;
  // The handler reported `signal` but the child did not die of it: it exited
  // (exited, exit_code) or was killed by end_signal. Never true on a correct
  // platform: the handler re-raises the signal with its default action.
  bool fault_not_fatal = false;
  int end_signal = 0;
  bool timed_out = false;

  // "exited with status 0", "killed by SIGBUS (BUS_ADRERR) at 0x7f...",
  // "SIGSEGV (SEGV_ACCERR) at 0x7f... reported by the child's fault handler,
  // but the fault did not end the child: it ...".
  std::string Describe() const;
};

// Runs fn in a forked child and waits (up to timeout_ms; the child is killed
// with SIGKILL past it). The child exits 0 when fn returns; fn may call
// _exit(code) itself. A SIGSEGV/SIGBUS/SIGILL/SIGFPE in the child is reported
// through a pipe with its si_code and fault address, and the handler ends the
// child itself (the signal re-raised with its default action), so the outcome
// does not depend on whether the platform re-executes a faulting instruction.
// A fault of a process the child forked itself (not through RunInChild) is
// not the child's outcome.
ChildOutcome RunInChild(const std::function<void()> &fn, int timeout_ms = 10000);

// RunInChild for code that may leave processes behind (the conformance
// report's checks): the child leads its own process group, and everything in
// that group is killed with SIGKILL on timeout and once the child has ended.
ChildOutcome RunInChildGroup(const std::function<void()> &fn, int timeout_ms = 10000);

// A child started by StartChild: it runs while the test goes on, and is
// reaped only by Wait(), so until then its pid stays valid (a zombie once it
// has ended). Dropped without Wait() (a failed ASSERT), it is killed with
// SIGKILL and reaped.
class ChildProcess {
 public:
  ChildProcess(ChildProcess &&other) noexcept;
  ChildProcess &operator=(ChildProcess &&) = delete;
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;
  ~ChildProcess();

  // The child's pid, or -1 if fork failed.
  pid_t pid() const { return pid_; }
  // Waits for the child to end (it is killed with SIGKILL once timeout_ms
  // have passed since it started) and reports how, like RunInChild. Later
  // calls return the same outcome.
  ChildOutcome Wait();

 private:
  friend ChildProcess StartChild(const std::function<void()> &fn, int timeout_ms);
  friend ChildOutcome RunInChild(const std::function<void()> &fn, int timeout_ms);
  friend ChildOutcome RunInChildGroup(const std::function<void()> &fn, int timeout_ms);
  ChildProcess(const std::function<void()> &fn, int timeout_ms, bool own_group);

  pid_t pid_ = -1;
  int report_fd_ = -1;  // read end of the fault report pipe
  bool own_group_ = false;
  int timeout_ms_ = 0;
  struct timespec start_ = {0, 0};
  bool waited_ = false;
  ChildOutcome outcome_;
};

// Runs fn in a forked child like RunInChild, but returns at once. Forks in
// the calling thread: no helper thread exists that could hold an allocator
// lock at fork time (under ASan that leaves the child stuck in its first
// malloc).
//   ChildProcess child = StartChild([&] { ... talks to the test ... });
//   ... talk to the child ...
//   EXPECT_THAT(child.Wait(), ExitedWith(0));
ChildProcess StartChild(const std::function<void()> &fn, int timeout_ms = 10000);

// In a forked child: if ok is false, print "child check failed: what" on
// stderr and _exit(1), so the parent sees exit status 1 and the log says
// which check failed.
void ChildCheck(bool ok, const std::string &what);
// The same for a helper's result: "child check failed: what: call: ENAME (...)".
void ChildCheck(const PosixError &error, const std::string &what);

// Runs fn in a forked child (RunInChild) and returns the string fn returned
// there, or "child <how it ended>" (ChildOutcome::Describe) if it did not
// return one.
std::string InChild(const std::function<std::string()> &fn);

// While it lives, orphaned descendants of this process are re-parented to it
// (PR_SET_CHILD_SUBREAPER), so a test can see how a grandchild ended, and
// SIGCHLD is blocked, so WaitForChild waits for them without sleeping. The
// destructor restores both.
class ScopedSubreaper {
 public:
  ScopedSubreaper();
  ~ScopedSubreaper();
  ScopedSubreaper(const ScopedSubreaper &) = delete;
  ScopedSubreaper &operator=(const ScopedSubreaper &) = delete;
  // prctl's result: 0, or -1 with errno set (and nothing changed).
  int result() const { return result_; }

 private:
  int result_;
  sigset_t old_mask_;
};

// Waits (without sleeping; best with SIGCHLD blocked, see ScopedSubreaper) up
// to timeout_ms for the child pid of this process to end and reaps it: its
// wait status, or -1 if it did not end in time.
int WaitForChild(pid_t pid, int timeout_ms = 10000);

// Name of a signal ("SIGBUS") and of an si_code for that signal ("BUS_ADRERR").
std::string SignalName(int sig);
std::string SiCodeName(int sig, int si_code);
// "EACCES (Permission denied)" for EACCES or -EACCES; "0" for 0.
std::string ErrnoDescription(int err);

}  // namespace mk_posix

#endif  // MMAPKIT_CONFORMANCE_POSIX_FIXTURES_H_
