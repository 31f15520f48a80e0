// conformance/posix/posix_error.h - what a failed helper tells its caller:
// the errno and the call that failed, so a failed setup reads
// "open(/tmp/x, O_WRONLY|O_CREAT|O_TRUNC): ENOSPC (No space left on device)",
// never "false". Runtime code (the report) and tests both use it; tests assert
// with ASSERT_NO_ERRNO / EXPECT_NO_ERRNO (matchers.h).
//
//   PosixError e = WriteFile(path, text);
//   if (!e.ok()) return StepFailed(e.ToString());
#ifndef MMAPKIT_CONFORMANCE_POSIX_POSIX_ERROR_H_
#define MMAPKIT_CONFORMANCE_POSIX_POSIX_ERROR_H_

#include <string>
#include <utility>

namespace mk_posix {

class PosixError {
 public:
  PosixError() = default;  // success
  // err: an errno value (positive; 0 means success), call: what failed,
  // with its arguments as the reader needs them.
  PosixError(int err, std::string call) : errno_(err), call_(std::move(call)) {}

  bool ok() const { return errno_ == 0; }
  explicit operator bool() const { return ok(); }
  int errno_value() const { return errno_; }
  const std::string &call() const { return call_; }
  // "call: ENAME (description)", or "ok".
  std::string ToString() const;

 private:
  int errno_ = 0;
  std::string call_;
};

// The error of a call that just failed: errno as it is now (EIO if the call
// failed without setting it), with the call's description.
PosixError ErrnoError(const std::string &call);

// A value, or the error that kept it from being made.
template <typename T>
class PosixErrorOr {
 public:
  PosixErrorOr(T value) : value_(std::move(value)) {}           // NOLINT: implicit by design
  PosixErrorOr(PosixError error) : error_(std::move(error)) {}  // NOLINT
  bool ok() const { return error_.ok(); }
  const PosixError &error() const { return error_; }
  // Only when ok().
  T &value() { return value_; }
  const T &value() const { return value_; }

 private:
  T value_{};
  PosixError error_;
};

}  // namespace mk_posix

#endif  // MMAPKIT_CONFORMANCE_POSIX_POSIX_ERROR_H_
