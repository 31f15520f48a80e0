// RAII fds, temp files and mappings; forked children (see fixtures.h).
#include "conformance/posix/fixtures.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "conformance/posix/files.h"

namespace mk_posix {

std::string TempDir() {
  for (const char *var : {"TEST_TMPDIR", "TMPDIR"}) {
    const char *dir = std::getenv(var);
    if (dir != nullptr && dir[0] != '\0') return dir;
  }
  return "/tmp";
}

ScopedFd &ScopedFd::operator=(ScopedFd &&other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

int ScopedFd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

void ScopedFd::reset(int fd) {
  if (fd_ >= 0) {
    int saved = errno;  // keep errno of a failed call for the caller's check
    close(fd_);
    errno = saved;
  }
  fd_ = fd;
}

TempFile::TempFile(const std::string &content, const std::string &dir) {
  std::string tmpl = (dir.empty() ? TempDir() : dir) + "/mk-file-XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    std::fprintf(stderr, "TempFile: mkostemp(%s): %s\n", tmpl.c_str(), std::strerror(errno));
    std::abort();  // a test machine without a writable temp dir cannot test anything
  }
  path_ = name.data();
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::fprintf(stderr, "TempFile: write(%s): %s\n", path_.c_str(), std::strerror(errno));
      std::abort();
    }
    done += static_cast<size_t>(n);
  }
  close(fd);
}

TempFile::~TempFile() {
  if (!path_.empty()) unlink(path_.c_str());
}

TempFile::TempFile(TempFile &&other) noexcept : path_(std::move(other.path_)) {
  other.path_.clear();
}

ScopedFd TempFile::Open(int flags) const {
  return ScopedFd(open(path_.c_str(), flags | O_CLOEXEC));
}

static void RemoveTree(const std::string &path) {
  for (const std::string &name : ListDir(path)) {
    std::string child = path + "/" + name;
    struct stat st;
    if (lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      RemoveTree(child);
    } else {
      unlink(child.c_str());
    }
  }
  rmdir(path.c_str());
}

TempDirectory::TempDirectory() : TempDirectory(TempDir()) {}

TempDirectory::TempDirectory(const std::string &parent) {
  std::string tmpl = parent + "/mk-dir-XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  if (mkdtemp(name.data()) == nullptr) {
    std::fprintf(stderr, "TempDirectory: mkdtemp(%s): %s\n", tmpl.c_str(), std::strerror(errno));
    std::abort();
  }
  path_ = name.data();
}

TempDirectory::~TempDirectory() {
  RemoveTree(path_);
}

Mapping::Mapping(Mapping &&other) noexcept : addr_(other.addr_), len_(other.len_) {
  other.release();
}

Mapping &Mapping::operator=(Mapping &&other) noexcept {
  if (this != &other) {
    reset();
    addr_ = other.addr_;
    len_ = other.len_;
    other.release();
  }
  return *this;
}

void Mapping::reset() {
  if (addr_ != nullptr) {
    int saved = errno;
    munmap(addr_, len_);
    errno = saved;
  }
  release();
}

Mapping Mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset) {
  void *p = mmap(addr, len, prot, flags, fd, offset);
  if (p == MAP_FAILED) return Mapping();
  return Mapping(p, len);
}

PosixError WriteFile(const std::string &path, const std::string &content) {
  ScopedFd fd(open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) return ErrnoError("open(" + path + ", O_WRONLY|O_CREAT|O_TRUNC)");
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd.get(), content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError("write(" + path + ") at byte " + std::to_string(done));
    if (n == 0) return PosixError(EIO, "write(" + path + ") wrote nothing");
    done += static_cast<size_t>(n);
  }
  return PosixError();
}

PosixError ReadFd(int fd, std::string *content) {
  content->clear();
  char buf[65536];
  off_t off = 0;
  for (;;) {
    ssize_t n = pread(fd, buf, sizeof buf, off);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return ErrnoError("pread(fd " + std::to_string(fd) + ") at " + std::to_string(off));
    }
    if (n == 0) return PosixError();
    content->append(buf, static_cast<size_t>(n));
    off += n;
  }
}

PosixError ReadFile(const std::string &path, std::string *content) {
  ScopedFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoError("open(" + path + ", O_RDONLY)");
  PosixError read = ReadFd(fd.get(), content);
  return read.ok() ? read : PosixError(read.errno_value(), "reading " + path);
}

std::string Pattern(size_t n, unsigned seed) {
  std::string s(n, '\0');
  uint32_t x = 2654435761u * (seed + 1);
  for (size_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    s[i] = static_cast<char>(x & 0xff);
  }
  return s;
}

// --- forked child -----------------------------------------------------------

namespace {

// Written by a fault handler to the report pipe, read by the parent. Each
// report is far below PIPE_BUF, so reports of several processes never mix.
struct FaultReport {
  int from_child;  // 1: the child itself; 0: a process it forked without RunInChild
  int signal;
  int si_code;
  uintptr_t fault_addr;
};

// The handler's own exit, taken only when re-raising the signal with its
// default action did not end the process.
constexpr int kFaultNotFatalStatus = 125;

int g_report_fd = -1;
pid_t g_child_pid = 0;  // the child as it sees itself (getpid() is per pid namespace)

// Reports the fault, then ends the process itself instead of returning: a
// platform that resumes after the faulting instruction (a binary translator
// such as valgrind) would otherwise let the child run on.
void FaultHandler(int sig, siginfo_t *info, void *) {
  FaultReport report = {getpid() == g_child_pid, sig, info->si_code,
                        reinterpret_cast<uintptr_t>(info->si_addr)};
  if (write(g_report_fd, &report, sizeof report) < 0) {
    // Nothing to do: the parent still sees the signal, without si_code.
  }
  // The default action, unblocked, then the signal again: this kills the
  // process with it, also when another handler (the core's SIGBUS guard)
  // called this one with the signal blocked and itself installed.
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, nullptr);
  sigset_t unblock;
  sigemptyset(&unblock);
  sigaddset(&unblock, sig);
  sigprocmask(SIG_UNBLOCK, &unblock, nullptr);
  raise(sig);
  _exit(kFaultNotFatalStatus);
}

// The fault the child itself reported among everything read from the pipe.
bool OwnReport(const std::string &bytes, FaultReport *own) {
  for (size_t pos = 0; pos + sizeof *own <= bytes.size(); pos += sizeof *own) {
    std::memcpy(own, bytes.data() + pos, sizeof *own);
    if (own->from_child == 1) return true;
  }
  return false;
}

// Everything the non-blocking pipe holds now.
void ReadAvailable(int fd, std::string *bytes) {
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    bytes->append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

// Forks; the child installs the fault reporter and runs fn. own_group puts
// the child in its own process group: Wait() then kills the whole group on
// timeout and, once the child has ended, whatever it left running there
// before draining the report pipe.
ChildProcess::ChildProcess(const std::function<void()> &fn, int timeout_ms, bool own_group)
    : own_group_(own_group), timeout_ms_(timeout_ms) {
  int fds[2];
  // Non-blocking read end: a grandchild that inherited the write end must not
  // make the final drain in Wait() wait forever.
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  std::fflush(nullptr);  // do not duplicate buffered output in the child
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return;
  }
  if (pid == 0) {
    if (own_group) setpgid(0, 0);
    close(fds[0]);
    g_report_fd = fds[1];
    g_child_pid = getpid();
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = FaultHandler;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE}) sigaction(sig, &sa, nullptr);
    fn();
    _exit(0);
  }
  close(fds[1]);
  pid_ = pid;
  report_fd_ = fds[0];
  outcome_.started = true;
  if (own_group) setpgid(pid, pid);  // also here: no race with the child's own call
  clock_gettime(CLOCK_MONOTONIC, &start_);
}

ChildProcess::ChildProcess(ChildProcess &&other) noexcept
    : pid_(other.pid_),
      report_fd_(other.report_fd_),
      own_group_(other.own_group_),
      timeout_ms_(other.timeout_ms_),
      start_(other.start_),
      waited_(other.waited_),
      outcome_(other.outcome_) {
  other.pid_ = -1;
  other.report_fd_ = -1;
  other.waited_ = true;
}

ChildProcess::~ChildProcess() {
  if (waited_ || pid_ <= 0) return;
  kill(own_group_ ? -pid_ : pid_, SIGKILL);
  int status;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  if (report_fd_ >= 0) close(report_fd_);
}

ChildOutcome ChildProcess::Wait() {
  if (waited_ || pid_ <= 0) return outcome_;
  waited_ = true;
  const pid_t target = own_group_ ? -pid_ : pid_;

  // Wait with a deadline, reading fault reports as they come.
  std::string reports;
  int status = 0;
  for (;;) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long elapsed_ms =
        (now.tv_sec - start_.tv_sec) * 1000 + (now.tv_nsec - start_.tv_nsec) / 1000000;
    if (elapsed_ms > timeout_ms_) {
      outcome_.timed_out = true;
      kill(target, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    struct pollfd pfd = {report_fd_, POLLIN, 0};
    if (poll(&pfd, 1, 10) > 0) ReadAvailable(report_fd_, &reports);
  }
  // Leftovers in the group would hold the pipe open and block the drain below.
  if (own_group_) kill(target, SIGKILL);
  ReadAvailable(report_fd_, &reports);  // the report may still sit in the pipe
  close(report_fd_);
  report_fd_ = -1;

  if (WIFEXITED(status)) {
    outcome_.exited = true;
    outcome_.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    outcome_.signal = WTERMSIG(status);
  }
  FaultReport own;
  if (!outcome_.timed_out && OwnReport(reports, &own)) {
    // The fault the handler saw is the outcome, whether or not it then ended
    // the child; say so when it did not.
    if (outcome_.signal != own.signal) {
      outcome_.fault_not_fatal = true;
      outcome_.end_signal = outcome_.signal;
    }
    outcome_.signal = own.signal;
    outcome_.si_code = own.si_code;
    outcome_.fault_addr = own.fault_addr;
  }
  return outcome_;
}

ChildProcess StartChild(const std::function<void()> &fn, int timeout_ms) {
  return ChildProcess(fn, timeout_ms, false);
}

ChildOutcome RunInChild(const std::function<void()> &fn, int timeout_ms) {
  return ChildProcess(fn, timeout_ms, false).Wait();
}

ChildOutcome RunInChildGroup(const std::function<void()> &fn, int timeout_ms) {
  return ChildProcess(fn, timeout_ms, true).Wait();
}

void ChildCheck(bool ok, const std::string &what) {
  if (ok) return;
  std::fprintf(stderr, "child check failed: %s\n", what.c_str());
  _exit(1);
}

void ChildCheck(const PosixError &error, const std::string &what) {
  ChildCheck(error.ok(), what + ": " + error.ToString());
}

std::string InChild(const std::function<std::string()> &fn) {
  TempFile result;
  ChildOutcome outcome = RunInChild([&] {
    if (!WriteFile(result.path(), fn())) _exit(1);
  });
  std::string text;
  if (!outcome.exited || outcome.exit_code != 0 || !ReadFile(result.path(), &text)) {
    return "child " + outcome.Describe();
  }
  return text;
}

// --- orphans ------------------------------------------------------------------

ScopedSubreaper::ScopedSubreaper() : result_(prctl(PR_SET_CHILD_SUBREAPER, 1)) {
  if (result_ != 0) return;
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, &old_mask_);
}

ScopedSubreaper::~ScopedSubreaper() {
  if (result_ != 0) return;
  sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
  prctl(PR_SET_CHILD_SUBREAPER, 0);
}

int WaitForChild(pid_t pid, int timeout_ms) {
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  for (int i = 0; i < timeout_ms / 100; i++) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    struct timespec timeout = {0, 100 * 1000 * 1000};
    sigtimedwait(&chld, nullptr, &timeout);
  }
  return -1;
}

std::string SignalName(int sig) {
  const char *abbrev = sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

std::string SiCodeName(int sig, int code) {
  switch (sig) {
    case SIGSEGV:
      if (code == SEGV_MAPERR) return "SEGV_MAPERR";
      if (code == SEGV_ACCERR) return "SEGV_ACCERR";
      break;
    case SIGBUS:
      if (code == BUS_ADRALN) return "BUS_ADRALN";
      if (code == BUS_ADRERR) return "BUS_ADRERR";
      if (code == BUS_OBJERR) return "BUS_OBJERR";
      break;
    default:
      break;
  }
  if (code == SI_USER) return "SI_USER";
  if (code == SI_KERNEL) return "SI_KERNEL";
  return "si_code " + std::to_string(code);
}

std::string ErrnoDescription(int err) {
  if (err == 0) return "0";
  int e = err < 0 ? -err : err;
  const char *name = strerrorname_np(e);
  std::string text = name ? name : "errno " + std::to_string(e);
  return text + " (" + std::strerror(e) + ")";
}

std::string ChildOutcome::Describe() const {
  if (!started) return "fork failed";
  if (timed_out) return "timed out (killed)";
  if (signal == 0)
    return exited ? "exited with status " + std::to_string(exit_code) : "ended without status";
  std::string fault = SignalName(signal);
  if (si_code != 0) {
    char addr[32];
    std::snprintf(addr, sizeof addr, "%#lx", static_cast<unsigned long>(fault_addr));
    fault += " (" + SiCodeName(signal, si_code) + ") at " + addr;
  }
  if (!fault_not_fatal) return "killed by " + fault;
  std::string end = end_signal != 0 ? "was then killed by " + SignalName(end_signal)
                    : exit_code == kFaultNotFatalStatus
                        ? "survived the signal re-raised with its default action (its fault "
                          "handler then exited with status " +
                              std::to_string(exit_code) + ")"
                        : "ran on and exited with status " + std::to_string(exit_code);
  return fault +
         " reported by the child's fault handler, but the fault did not end the "
         "child: it " +
         end;
}

}  // namespace mk_posix
