// Dropping file capabilities, a private mount namespace (see privileges.h).
#include "conformance/testing/privileges.h"

#include <linux/capability.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mk_testing {

PosixError DropFileCapabilities() {
  __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (syscall(SYS_capget, &header, data) != 0) return ErrnoError("capget");
  for (int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER}) {
    data[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
    data[CAP_TO_INDEX(cap)].permitted &= ~CAP_TO_MASK(cap);
  }
  if (syscall(SYS_capset, &header, data) != 0) {
    return ErrnoError("capset(without CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER)");
  }
  return PosixError();
}

bool DropCapability(int cap) {
  __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (syscall(SYS_capget, &header, data) != 0) return false;
  data[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
  data[CAP_TO_INDEX(cap)].permitted &= ~CAP_TO_MASK(cap);
  return syscall(SYS_capset, &header, data) == 0;
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

}  // namespace mk_testing
