// conformance/checks/check_util.h - small building blocks for check
// functions: fresh files, faulting accesses in a forked child, byte
// comparisons and inode flags; the shared fixtures (conformance/testing) by
// their short names. Checks call libc's mmap, munmap, mprotect, msync,
// mremap, ftruncate, open, read, pread, write and pwrite directly, so
// LD_PRELOAD shims can intercept them.
#ifndef MMAPKIT_CONFORMANCE_CHECKS_CHECK_UTIL_H_
#define MMAPKIT_CONFORMANCE_CHECKS_CHECK_UTIL_H_

#include <fcntl.h>
#include <sys/types.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"
#include "conformance/posix/files.h"
#include "conformance/posix/fixtures.h"

// Which sanitizer runtime the checks are built with (gcc's and clang's spellings), for the
// few checks whose setup a runtime's interceptors would change.
#if defined(__SANITIZE_THREAD__)
#define MK_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MK_UNDER_TSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(MK_UNDER_TSAN)
#define MK_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MK_UNDER_SANITIZER 1
#endif
#endif

namespace mk_conformance {

// The shared fixtures the checks use, by their short names.
using mk_posix::Mapping;
using mk_posix::Mmap;
using mk_posix::Pattern;
using mk_posix::ScopedFd;
using mk_posix::TempFile;

// How long a faulting access in a grandchild may take before it is killed.
constexpr int kChildTimeoutMs = 5000;

// Setup step: on failure, return SetupFailed naming the call and errno.
#define MK_REQUIRE(cond, what)                               \
  do {                                                       \
    if (!(cond)) {                                           \
      int mk_err_ = errno;                                   \
      return ::mk_conformance::SetupFailed((what), mk_err_); \
    }                                                        \
  } while (0)

// An intermediate step that must succeed (an Observation): otherwise the
// stated property did not hold; Skip and SetupFailed pass through unchanged.
#define MK_STEP(expr, what)                                             \
  do {                                                                  \
    ::mk_conformance::Observation mk_step_ = (expr);                    \
    if (mk_step_.kind != ::mk_conformance::Observation::Kind::kSuccess) \
      return ::mk_conformance::StepFailed((what), mk_step_);            \
  } while (0)

Observation StepFailed(const std::string &what, const Observation &step);

// Return FailedWithErrno for the call under test that just failed; errno is
// read before `what` is built.
#define MK_RETURN_ERRNO(what)                                  \
  do {                                                         \
    int mk_err_ = errno;                                       \
    return ::mk_conformance::FailedWithErrno(mk_err_, (what)); \
  } while (0)

// Map or return FailedWithErrno from the enclosing check: for the mmap under
// test, whose errno is the observation.
#define MK_MAP(var, what, ...)                                 \
  ::mk_posix::Mapping var = ::mk_posix::Mmap(__VA_ARGS__);     \
  if (!var.valid()) {                                          \
    int mk_err_ = errno;                                       \
    return ::mk_conformance::FailedWithErrno(mk_err_, (what)); \
  }                                                            \
  static_assert(true, "require a semicolon")

// Run the call under test and observe it: MAP_FAILED / -1 become
// FailedWithErrno (errno read right after the call), anything else Success.
// A successful mmap is unmapped again (unmap_len bytes; 0 = leave it, e.g.
// inside a reservation).
Observation ObserveMmap(const std::function<void *()> &call, size_t unmap_len,
                        const std::string &what);
Observation ObserveCall(const std::function<long()> &call, const std::string &what);

// A fresh file in env.dir holding content (removed when the TempFile dies).
mk_posix::TempFile NewFile(const CheckEnv &env, const std::string &content);

// A fresh file of `size` pattern bytes (Pattern(size, seed)) in the row's file
// system, open O_RDWR: what most file checks start from.
struct PatternFile {
  PatternFile(const CheckEnv &env, size_t size, unsigned seed)
      : content(mk_posix::Pattern(size, seed)),
        file(NewFile(env, content)),
        fd(file.Open(O_RDWR)) {}
  std::string content;
  mk_posix::TempFile file;
  mk_posix::ScopedFd fd;
};

// "0x7f12345000"
std::string Hex(const void *p);
std::string Hex(uint64_t value);
// "'A'" for printable bytes, "0x00" otherwise.
std::string ByteText(char c);

// Compare n bytes at got with want: Success, or Violated("what: byte 17 is
// 0x41, expected 0x00").
Observation CompareBytes(const volatile char *got, const std::string &want,
                         const std::string &what);
// All n bytes at p are zero.
Observation CompareZero(const volatile char *p, size_t n, const std::string &what);
// The file at fd holds exactly want (size and bytes).
Observation CompareFile(int fd, const std::string &want, const std::string &what);

// Run `access` in a forked child (see mk_posix::RunInChild) and classify:
// killed by a signal -> KilledBySignal (detail names the fault address and
// whether it equals expected_addr when given); exit 0 -> Success; another exit
// status or a timeout -> Violated.
Observation AccessInChild(const std::function<void()> &access, const std::string &what,
                          const volatile void *expected_addr = nullptr);
Observation LoadInChild(const volatile char *p, const std::string &what);
Observation StoreInChild(volatile char *p, char value, const std::string &what);
// Success when the page at p is unmapped: a load there, in a child, raises
// SIGSEGV with SEGV_MAPERR; Violated naming what happened otherwise.
Observation ExpectUnmapped(const volatile char *p, const std::string &what);
// Like AccessInChild for a syscall: fn returns 0 or an errno value, which
// becomes Success or FailedWithErrno; a signal becomes KilledBySignal.
Observation CallInChild(const std::function<int()> &fn, const std::string &what);

// Run body in a forked child and return the observation it made there: for
// checks that change what the calling process keeps (rlimits, capabilities,
// mlockall, mseal), since googletests run checks in process. A child killed
// by a signal gives KilledBySignal, one that exits without reporting Violated.
Observation ObserveInChild(const std::function<Observation()> &body, const std::string &what);

// The named variant of MMAP.ARGS.HUGE_LENGTH_ENOMEM: a mapping of 2^62 bytes
// succeeded (an address space larger than 2^62 bytes, as s390x can give).
constexpr const char *kHugeLengthFitsVariant = "holds-2^62-bytes";

// The named variant of the si_addr checks: si_addr holds the address of the
// faulting page, not of the faulting byte (s390x hardware reports only the page).
constexpr const char *kSiAddrPageVariant = "page-address";

// Judge the si_addr of a faulting access at want, run in a child (outcome):
// Success when si_addr == want; Variant(kSiAddrPageVariant) when it is want's
// page; Violated when there was no fault signal or si_addr is anything else.
// what names the access ("load from a PROT_NONE page").
Observation CompareSiAddr(const mk_posix::ChildOutcome &outcome, uintptr_t want, size_t page,
                          const std::string &what);

// Set or clear an inode flag (FS_APPEND_FL, ...) with FS_IOC_SETFLAGS.
// Returns 0 or an errno value.
int SetInodeFlag(int fd, int flag, bool on);
// Clear FS_APPEND_FL and FS_IMMUTABLE_FL on every file in dir (best effort), so
// the directory can be removed after a check that set them.
void ClearInodeFlagsIn(const std::string &dir);

// Probes ask the kernel directly (raw syscall), so a shim that breaks libc's
// mmap is never mistaken for a missing kernel feature.
// Anonymous mmap (flags: MAP_PRIVATE or MAP_SHARED, plus any others) through the system
// call itself, not libc, so no shim reaches it: for probes. Returns the address, or
// MAP_FAILED with errno set.
void *RawAnonMmap(void *addr, size_t len, int prot, int flags);

// mlock through the system call, for checks that need a locked page as setup: the
// sanitizer runtimes replace libc's mlock by one that locks nothing, and no shim reaches
// it. Returns 0, or -1 with errno set, as mlock() does.
int RawMlock(const void *p, size_t len);

// A reserved, inaccessible range (PROT_NONE, MAP_PRIVATE|MAP_ANONYMOUS) to
// MAP_FIXED into: never MAP_FIXED over memory you did not reserve.
mk_posix::Mapping Reserve(size_t len);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_CHECK_UTIL_H_
