// PosixError's text (see posix_error.h).
#include "conformance/posix/posix_error.h"

#include <cerrno>

#include "conformance/posix/fixtures.h"

namespace mk_posix {

std::string PosixError::ToString() const {
  if (ok()) return "ok";
  return call_ + ": " + ErrnoDescription(errno_);
}

PosixError ErrnoError(const std::string &call) {
  return PosixError(errno != 0 ? errno : EIO, call);
}

}  // namespace mk_posix
