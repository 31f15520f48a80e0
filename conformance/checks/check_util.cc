// Building blocks for check functions (see check_util.h).
#include "conformance/checks/check_util.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>

namespace mk_conformance {

using mk_posix::ChildOutcome;
using mk_posix::RunInChild;

const char *FsName(Fs fs) {
  switch (fs) {
    case Fs::kDisk:
      return "disk";
    case Fs::kTmpfs:
      return "tmpfs";
    case Fs::kAnon:
      return "anon";
  }
  return "?";
}

Observation StepFailed(const std::string &what, const Observation &step) {
  if (step.kind == Observation::Kind::kSkip || step.kind == Observation::Kind::kSetupFailed) {
    return step;
  }
  if (step.kind == Observation::Kind::kViolated) return Violated(what + ": " + step.detail);
  std::string text = what + ": " + Describe(step);
  if (!step.detail.empty()) text += " (" + step.detail + ")";
  return Violated(text);
}

Observation ObserveMmap(const std::function<void *()> &call, size_t unmap_len,
                        const std::string &what) {
  void *p = call();
  int err = errno;
  if (p == MAP_FAILED) return FailedWithErrno(err, what);
  if (unmap_len != 0) munmap(p, unmap_len);
  return Success(what + " returned " + Hex(p));
}

Observation ObserveCall(const std::function<long()> &call, const std::string &what) {
  long r = call();
  int err = errno;
  if (r == -1) return FailedWithErrno(err, what);
  return Success(what + " returned " + std::to_string(r));
}

TempFile NewFile(const CheckEnv &env, const std::string &content) {
  return TempFile(content, env.dir);
}

std::string Hex(uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "%#llx", static_cast<unsigned long long>(value));
  return text;
}

std::string Hex(const void *p) {
  return Hex(reinterpret_cast<uintptr_t>(p));
}

std::string ByteText(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (std::isprint(u) && u != '\'') return std::string("'") + c + "'";
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", u);
  return text;
}

Observation CompareBytes(const volatile char *got, const std::string &want,
                         const std::string &what) {
  for (size_t i = 0; i < want.size(); i++) {
    char c = got[i];
    if (c != want[i]) {
      return Violated(what + ": byte " + std::to_string(i) + " is " + ByteText(c) + ", expected " +
                      ByteText(want[i]));
    }
  }
  return Success();
}

Observation CompareZero(const volatile char *p, size_t n, const std::string &what) {
  for (size_t i = 0; i < n; i++) {
    char c = p[i];
    if (c != 0) {
      return Violated(what + ": byte " + std::to_string(i) + " is " + ByteText(c) +
                      ", expected 0x00");
    }
  }
  return Success();
}

Observation CompareFile(int fd, const std::string &want, const std::string &what) {
  std::string got;
  if (!mk_posix::ReadFd(fd, &got)) return SetupFailed("pread", errno);
  if (got.size() != want.size()) {
    return Violated(what + ": the file holds " + std::to_string(got.size()) + " bytes, expected " +
                    std::to_string(want.size()));
  }
  return CompareBytes(got.data(), want, what);
}

Observation AccessInChild(const std::function<void()> &access, const std::string &what,
                          const volatile void *expected_addr) {
  ChildOutcome outcome = RunInChild(access, kChildTimeoutMs);
  if (!outcome.started) return SetupFailed("fork", errno);
  if (outcome.timed_out) return Violated(what + ": timed out");
  if (outcome.signal != 0) {
    std::string detail = what + ": " + outcome.Describe();
    uintptr_t want = reinterpret_cast<uintptr_t>(expected_addr);
    if (want != 0 && outcome.si_code != 0 && outcome.fault_addr != want) {
      detail += " (si_addr differs from the accessed address " + Hex(want) + ")";
    }
    return KilledBySignal(outcome.signal, outcome.si_code, detail);
  }
  if (outcome.exited && outcome.exit_code == 0) {
    return Success(what + ": completed without a signal");
  }
  return Violated(what + ": " + outcome.Describe());
}

Observation LoadInChild(const volatile char *p, const std::string &what) {
  return AccessInChild([p] { (void)*p; }, what, p);
}

Observation StoreInChild(volatile char *p, char value, const std::string &what) {
  return AccessInChild([p, value] { *p = value; }, what, p);
}

Observation ExpectUnmapped(const volatile char *p, const std::string &what) {
  Observation load = LoadInChild(p, "load from " + what);
  if (load.kind == Observation::Kind::kSignal && load.sig == SIGSEGV &&
      load.si_code == SEGV_MAPERR) {
    return Success(what + " is unmapped");
  }
  return Violated(what + " is still mapped: a load there gave " + Describe(load) +
                  ", expected SIGSEGV (SEGV_MAPERR)");
}

Observation CallInChild(const std::function<int()> &fn, const std::string &what) {
  ChildOutcome outcome = RunInChild([&fn] { _exit(fn() & 0xff); }, kChildTimeoutMs);
  if (!outcome.started) return SetupFailed("fork", errno);
  if (outcome.timed_out) return Violated(what + ": timed out");
  if (outcome.signal != 0) {
    return KilledBySignal(outcome.signal, outcome.si_code, what + ": " + outcome.Describe());
  }
  if (outcome.exit_code == 0) return Success(what + " succeeded");
  return FailedWithErrno(outcome.exit_code, what);
}

Observation ObserveInChild(const std::function<Observation()> &body, const std::string &what) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return SetupFailed("pipe2", errno);
  ChildOutcome outcome = RunInChild(
      [&] {
        close(fds[0]);
        // One write into an empty pipe (the detail is capped): the parent reads after the exit.
        std::string bytes = SerializeObservation(body());
        _exit(write(fds[1], bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) ? 0
                                                                                              : 90);
      },
      kChildTimeoutMs);
  close(fds[1]);
  std::string bytes;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) bytes.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  if (!outcome.started) return SetupFailed("fork", errno);
  if (outcome.signal != 0) {
    return KilledBySignal(outcome.signal, outcome.si_code, what + ": " + outcome.Describe());
  }
  Observation o;
  if (outcome.timed_out || outcome.exit_code != 0 || !ParseObservation(bytes, &o)) {
    return Violated(what + ": the child " + outcome.Describe() + " without an observation");
  }
  return o;
}

Observation CompareSiAddr(const mk_posix::ChildOutcome &outcome, uintptr_t want, size_t page,
                          const std::string &what) {
  if (outcome.signal == 0 || outcome.si_code <= 0) {
    return Violated(what + ": " + outcome.Describe() + ", expected a fault signal with si_addr " +
                    Hex(want));
  }
  if (outcome.fault_addr == want) return Success(outcome.Describe());
  if (outcome.fault_addr == (want & ~(page - 1))) {
    return Variant(kSiAddrPageVariant, "si_addr is " + Hex(outcome.fault_addr) +
                                           ", the page of the access at " + Hex(want));
  }
  return Violated("si_addr is " + Hex(outcome.fault_addr) + ", the access was at " + Hex(want));
}

int SetInodeFlag(int fd, int flag, bool on) {
  int flags = 0;
  if (ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0) return errno;
  flags = on ? (flags | flag) : (flags & ~flag);
  if (ioctl(fd, FS_IOC_SETFLAGS, &flags) != 0) return errno;
  return 0;
}

void ClearInodeFlagsIn(const std::string &dir) {
  for (const std::string &name : mk_posix::ListDir(dir)) {
    std::string path = dir + "/" + name;
    struct stat st;
    if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    ScopedFd fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (fd.valid()) SetInodeFlag(fd.get(), FS_APPEND_FL | FS_IMMUTABLE_FL, false);
  }
}

// The system call's calling convention differs per ABI: 32-bit ABIs map with mmap2 (arm
// has no plain mmap, i386's takes a pointer to its arguments), and s390's mmap takes a
// pointer to its six arguments.
void *RawAnonMmap(void *addr, size_t len, int prot, int flags) {
  flags |= MAP_ANONYMOUS;
#if defined(__s390__)
  unsigned long args[6] = {reinterpret_cast<unsigned long>(addr), len,
                           static_cast<unsigned long>(prot),      static_cast<unsigned long>(flags),
                           static_cast<unsigned long>(-1L),       0};
  return reinterpret_cast<void *>(syscall(SYS_mmap, args));
#elif defined(SYS_mmap2)
  return reinterpret_cast<void *>(syscall(SYS_mmap2, addr, len, prot, flags, -1, 0L));
#else
  return reinterpret_cast<void *>(syscall(SYS_mmap, addr, len, prot, flags, -1, 0L));
#endif
}

int RawMlock(const void *p, size_t len) {
  return static_cast<int>(syscall(SYS_mlock, p, len));
}

Mapping Reserve(size_t len) {
  return mk_posix::Mmap(nullptr, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

}  // namespace mk_conformance
