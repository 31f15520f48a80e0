// core/tests/copy_test_support.h - what only the copy tests need on top of
// the shared helpers in conformance/testing: size units, the strategy and flag
// axes of parameterized tests, copy options with a lambda progress callback,
// outcome strings, and reading a whole file inside an expectation. The copy
// tests are written inside namespace mk_copy_testing and use the shared
// helpers by the short names declared here. Used by core/tests/copy*_test.cc.
#ifndef MMAPKIT_CORE_TESTS_COPY_TEST_SUPPORT_H_
#define MMAPKIT_CORE_TESTS_COPY_TEST_SUPPORT_H_

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "conformance/posix/files.h"
#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "conformance/posix/privileges.h"
#include "mmapkit/copy.h"
#include "mmapkit/util.h"

namespace mk_copy_testing {

// The shared helpers (conformance/testing) the copy tests use.
using mk_posix::AllocatedBytes;
using mk_posix::DropFileCapabilities;
using mk_posix::EnterPrivateMountNamespace;
using mk_testing::ExitedWith;
using mk_posix::InChild;
using mk_posix::Joined;
using mk_testing::KilledBySignal;
using mk_posix::ListDir;
using mk_posix::MakeSparseFile;
using mk_posix::ModeBits;
using mk_posix::Pattern;
using mk_posix::ReadFd;
using mk_posix::ReadFile;
using mk_testing::ReturnsErrno;
using mk_testing::ReturnsSuccess;
using mk_posix::RunInChild;
using mk_posix::SameBytes;
using mk_posix::ScopedFd;
using mk_posix::TempDirectory;
using mk_posix::TempFile;
using mk_posix::WriteFile;

// A directory listing, as ListDir returns it.
using Names = std::vector<std::string>;

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;
constexpr uint64_t kGiB = 1024 * kMiB;
inline const uint64_t kPage = mk_page_size();
// A window small enough that copies of several windows stay cheap.
constexpr size_t kSmallWindow = 16 * kKiB;

// window + plus, for sizes just below, at and above a window.
inline uint64_t W(size_t window, int64_t plus) {
  return static_cast<uint64_t>(window + plus);
}

// Every strategy; and no flag, every flag alone and all of them together.
constexpr mk_copy_strategy kStrategies[] = {MK_COPY_MAP_BOTH, MK_COPY_MAP_SRC_WRITE,
                                            MK_COPY_MAP_DST_READ};
constexpr unsigned kFlagSets[] = {0u,
                                  MK_COPY_SYNC,
                                  MK_COPY_POPULATE,
                                  MK_COPY_ADV_SEQUENTIAL,
                                  MK_COPY_ADV_WILLNEED,
                                  MK_COPY_ADV_HUGEPAGE,
                                  MK_COPY_NO_RESERVE,
                                  MK_COPY_SYNC | MK_COPY_POPULATE | MK_COPY_ADV_SEQUENTIAL |
                                      MK_COPY_ADV_WILLNEED | MK_COPY_ADV_HUGEPAGE |
                                      MK_COPY_NO_RESERVE};

// The whole file (at path, or at fd from offset 0); a failed read is a
// (non-fatal) test failure.
std::string Contents(const std::string &path);
std::string Contents(int fd);

// mk_copy_options whose progress callback is a std::function. Keep the
// Progress object alive while the options are used.
class Progress {
 public:
  using Fn = std::function<int(uint64_t done, uint64_t total)>;
  explicit Progress(Fn fn) : fn_(std::move(fn)) {}
  mk_copy_options Options(size_t window = 0, unsigned flags = 0,
                          mk_copy_strategy strategy = MK_COPY_DEFAULT_STRATEGY);

 private:
  static int Call(void *self, uint64_t done, uint64_t total);
  Fn fn_;
};

// mk_copy_options without a callback.
mk_copy_options Options(size_t window = 0, unsigned flags = 0,
                        mk_copy_strategy strategy = MK_COPY_DEFAULT_STRATEGY);

// Name of a strategy, for parameterized test names.
std::string StrategyName(mk_copy_strategy strategy);

// "success", or what failed and where: "EACCES at CREATE_DEST". One string
// to compare, so a failure shows both values by name.
std::string Outcome(int rc, const mk_copy_report &report);

// mk_copy_file_report as one comparable string ("success", "ENOENT at OPEN_SOURCE").
std::string Copy(const std::string &src, const std::string &dst,
                 const mk_copy_options *options = nullptr);

// --- file attributes (the tests of modes, owners, ACLs and in-place copies) ---

// The inode number of path (0 if stat fails).
uint64_t Inode(const std::string &path);

// Every extended attribute of path (not following a symbolic link): name ->
// value. Empty where the file system has none.
using Xattrs = std::map<std::string, std::string>;
Xattrs ListXattrs(const std::string &path);

// One entry of a POSIX ACL, as setfacl writes it: tag ACL_* below, perm 0-7,
// id a uid or gid for ACL_USER / ACL_GROUP.
struct AclEntry {
  uint16_t tag;
  uint16_t perm;
  uint32_t id;
};
constexpr uint16_t kAclUserObj = 0x01, kAclUser = 0x02, kAclGroupObj = 0x04, kAclGroup = 0x08,
                   kAclMask = 0x10, kAclOther = 0x20;
// The value of system.posix_acl_access / system.posix_acl_default for the
// entries (in the kernel's order: owner, users, group, groups, mask, other),
// without libacl: version 2, then little-endian {tag, perm, id} per entry.
std::string AclXattr(const std::vector<AclEntry> &entries);
// The names of the two ACL attributes.
extern const char kAccessAcl[];
extern const char kDefaultAcl[];

// Runs fn in a forked child that works in dir (so relative paths reach files
// under directories nobody may search, like a test's temporary directory)
// as uid and gid 65534 (nobody), with no supplementary group and no
// capability. Returns the string fn returned; "skip: why" where no such user
// exists in this user namespace (Bazel's linux-sandbox maps only root); or
// "child <how it ended>".
std::string InChildAsNobody(const std::string &dir, const std::function<std::string()> &fn);

// For a forked child (InChild): enters a mount namespace of its own and
// mounts a tmpfs of size bytes ("1m") on dir, so a full file system is at
// hand and nothing leaks out. Returns "" or "skip: why" (no namespaces or
// tmpfs mounts permitted here).
std::string MountSmallTmpfs(const std::string &dir, const std::string &size);

// Sets the umask for the lifetime of the object.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(umask(mask)) {}
  ~ScopedUmask() { umask(old_); }
  ScopedUmask(const ScopedUmask &) = delete;
  ScopedUmask &operator=(const ScopedUmask &) = delete;

 private:
  mode_t old_;
};

}  // namespace mk_copy_testing

#endif  // MMAPKIT_CORE_TESTS_COPY_TEST_SUPPORT_H_
