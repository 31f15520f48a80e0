// Tests of privileges.h, each in a forked child: without the file
// capabilities permission bits decide even for root; a private mount
// namespace keeps a mount from the parent, and is refused without
// CAP_SYS_ADMIN.
#include "conformance/posix/privileges.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "conformance/posix/files.h"
#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "gtest/gtest.h"

namespace mk_posix {
namespace {

using namespace mk_testing;  // NOLINT: the helpers under test and the matchers

// Whether cap is in the calling process's effective set.
bool HasEffective(int cap) {
  __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (syscall(SYS_capget, &header, data) != 0) return false;
  return (data[CAP_TO_INDEX(cap)].effective & CAP_TO_MASK(cap)) != 0;
}

// Clears cap from the effective set (for a child).
bool DropEffective(int cap) {
  __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  if (syscall(SYS_capget, &header, data) != 0) return false;
  data[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
  return syscall(SYS_capset, &header, data) == 0;
}

TEST(DropFileCapabilities, MakesPermissionBitsDecide) {
  TempFile file("secret");
  ASSERT_THAT(chmod(file.path().c_str(), 0), SyscallSucceeds());
  EXPECT_EQ("dropped; open: EACCES (Permission denied)", InChild([&] {
              if (!DropFileCapabilities()) return "capset: " + ErrnoDescription(errno);
              for (int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER}) {
                if (HasEffective(cap)) return "still has capability " + std::to_string(cap);
              }
              ScopedFd fd = file.Open(O_RDONLY);
              return std::string("dropped; open: ") +
                     (fd.valid() ? "succeeded" : ErrnoDescription(errno));
            }));
}

TEST(EnterPrivateMountNamespace, KeepsAMountFromTheParent) {
  TempDirectory dir;
  std::string outcome = InChild([&] {
    std::string skip = EnterPrivateMountNamespace();
    if (!skip.empty()) return skip;
    if (mount("tmpfs", dir.path().c_str(), "tmpfs", 0, "size=1m") != 0) {
      return "skip: mount tmpfs: " + ErrnoDescription(errno);
    }
    if (!WriteFile(dir.Join("inside"), "x")) return "write: " + ErrnoDescription(errno);
    return "mounted: " + Joined(ListDir(dir.path()));
  });
  MK_SKIP_IF(outcome.rfind("skip: ", 0) == 0);
  EXPECT_EQ("mounted: inside", outcome);
  EXPECT_TRUE(ListDir(dir.path()).empty()) << "the parent sees the child's mount";
}

TEST(EnterPrivateMountNamespace, SaysSkipWhereItIsNotPermitted) {
  EXPECT_EQ("skip: unshare(CLONE_NEWNS): Operation not permitted", InChild([] {
              if (!DropEffective(CAP_SYS_ADMIN)) return "capset: " + ErrnoDescription(errno);
              return EnterPrivateMountNamespace();
            }));
}

}  // namespace
}  // namespace mk_posix
