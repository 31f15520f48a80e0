// Dropping file capabilities, a private mount namespace (see privileges.h).
#include "conformance/posix/privileges.h"

#include <linux/capability.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <initializer_list>
#include <string>

namespace mk_posix {

namespace {

// Clears caps from the effective and permitted sets; call names them for an error.
PosixError DropCapabilities(std::initializer_list<int> caps, const std::string &call) {
  __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (syscall(SYS_capget, &header, data) != 0) return ErrnoError("capget");
  for (int cap : caps) {
    data[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
    data[CAP_TO_INDEX(cap)].permitted &= ~CAP_TO_MASK(cap);
  }
  if (syscall(SYS_capset, &header, data) != 0) return ErrnoError(call);
  return PosixError();
}

}  // namespace

PosixError DropFileCapabilities() {
  return DropCapabilities({CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER},
                          "capset(without CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER)");
}

PosixError DropCapability(int cap) {
  return DropCapabilities({cap}, "capset(without capability " + std::to_string(cap) + ")");
}

std::string EnterPrivateMountNamespace() {
  if (unshare(CLONE_NEWNS) != 0) {
    return std::string("skip: unshare(CLONE_NEWNS): ") + std::strerror(errno);
  }
  if (mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return std::string("skip: making mounts private: ") + std::strerror(errno);
  }
  return "";
}

}  // namespace mk_posix
