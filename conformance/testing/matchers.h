// conformance/testing/matchers.h - googletest matchers that print errno and
// signal names, so a failure reads "expected EACCES, got EINVAL (Invalid
// argument)", never "13 vs 22".
//
//   EXPECT_THAT(open(p, O_RDONLY), SyscallSucceeds());
//   EXPECT_THAT(mmap(...), SyscallFailsWithErrno(EINVAL));     // -1 / MAP_FAILED + errno
//   EXPECT_THAT(mk_copy_range(...), ReturnsErrno(EBADF));       // mmapkit's -errno style
//   EXPECT_THAT(RunInChild([&] { *p = 1; }), KilledBySignal(SIGSEGV, SEGV_ACCERR));
#ifndef MMAPKIT_CONFORMANCE_TESTING_MATCHERS_H_
#define MMAPKIT_CONFORMANCE_TESTING_MATCHERS_H_

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <ostream>
#include <string>
#include <type_traits>

#include "conformance/posix/fixtures.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mk_testing {

// The error of a PosixError or a PosixErrorOr, for ASSERT_NO_ERRNO.
inline const mk_posix::PosixError &ErrorOf(const mk_posix::PosixError &e) {
  return e;
}
template <typename T>
const mk_posix::PosixError &ErrorOf(const mk_posix::PosixErrorOr<T> &e) {
  return e.error();
}

// Failure value of a syscall wrapper: MAP_FAILED for pointers, -1 otherwise.
template <typename T>
bool IsSyscallFailure(T value) {
  if constexpr (std::is_pointer_v<T>) {
    return reinterpret_cast<const void *>(value) == MAP_FAILED;
  } else {
    return value == static_cast<T>(-1);
  }
}

// The call returned something other than -1 / MAP_FAILED. Reads errno at
// match time, which is right after the call in EXPECT_THAT.
MATCHER(SyscallSucceeds, "succeeds") {
  if (!IsSyscallFailure(arg)) return true;
  *result_listener << "failed with " << mk_posix::ErrnoDescription(errno);
  return false;
}

MATCHER_P(SyscallSucceedsWithValue, expected,
          "succeeds with value " + ::testing::PrintToString(expected)) {
  if (IsSyscallFailure(arg)) {
    *result_listener << "failed with " << mk_posix::ErrnoDescription(errno);
    return false;
  }
  return arg == expected;
}

// The call returned -1 / MAP_FAILED with errno == expected.
MATCHER_P(SyscallFailsWithErrno, expected, "fails with " + mk_posix::ErrnoDescription(expected)) {
  if (!IsSyscallFailure(arg)) {
    *result_listener << "succeeded";
    return false;
  }
  int err = errno;
  if (err == expected) return true;
  *result_listener << "failed with " << mk_posix::ErrnoDescription(err);
  return false;
}

// An mmapkit call returned -expected (expected is a positive errno).
MATCHER_P(ReturnsErrno, expected, "returns -" + mk_posix::ErrnoDescription(expected)) {
  if (arg == -static_cast<decltype(arg)>(expected)) return true;
  if (arg >= 0) {
    *result_listener << "returned " << arg << " (success)";
  } else {
    *result_listener << "returned -" << mk_posix::ErrnoDescription(static_cast<int>(-arg));
  }
  return false;
}

// An mmapkit call returned 0 (or a non-negative count).
MATCHER(ReturnsSuccess, "returns success (>= 0)") {
  if (arg >= 0) return true;
  *result_listener << "returned -" << mk_posix::ErrnoDescription(static_cast<int>(-arg));
  return false;
}

// A ChildOutcome: the child exited normally with status code.
MATCHER_P(ExitedWith, code, "exits with status " + std::to_string(code)) {
  *result_listener << arg.Describe();
  return arg.exited && arg.exit_code == code;
}

// A ChildOutcome: the child died of sig (and, if given, with that si_code).
MATCHER_P(KilledBySignal, sig, "is killed by " + mk_posix::SignalName(sig)) {
  *result_listener << arg.Describe();
  return !arg.exited && !arg.fault_not_fatal && arg.signal == sig;
}

MATCHER_P2(KilledBySignal, sig, code,
           "is killed by " + mk_posix::SignalName(sig) + " (" + mk_posix::SiCodeName(sig, code) +
               ")") {
  *result_listener << arg.Describe();
  return !arg.exited && !arg.fault_not_fatal && arg.signal == sig && arg.si_code == code;
}

// Skip the current test with a reason when cond holds (like gVisor's SKIP_IF).
#define MK_SKIP_IF(cond)                                \
  do {                                                  \
    if (cond) GTEST_SKIP() << "skipped because " #cond; \
  } while (0)

}  // namespace mk_testing

// A helper's PosixError (or PosixErrorOr) is ok; on failure the message names
// the call and the errno: "WriteFile(path, "abc") failed:
// open(/x, O_WRONLY|O_CREAT|O_TRUNC): ENOENT (No such file or directory)".
// More context streams on: ASSERT_NO_ERRNO(WriteFile(path, "abc")) << path;
#define MK_NO_ERRNO_(fail, expr)                                               \
  GTEST_AMBIGUOUS_ELSE_BLOCKER_                                                \
  if (const ::mk_posix::PosixError mk_no_errno_ = ::mk_testing::ErrorOf(expr); \
      mk_no_errno_.ok()) {                                                     \
  } else                                                                       \
    fail(#expr " failed") << mk_no_errno_.ToString()
#define ASSERT_NO_ERRNO(expr) MK_NO_ERRNO_(GTEST_FATAL_FAILURE_, expr)
#define EXPECT_NO_ERRNO(expr) MK_NO_ERRNO_(GTEST_NONFATAL_FAILURE_, expr)

#endif  // MMAPKIT_CONFORMANCE_TESTING_MATCHERS_H_
