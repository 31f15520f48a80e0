// What only the copy tests need (see copy_test_support.h).
#include "core/tests/copy_test_support.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "conformance/testing/matchers.h"
#include "gtest/gtest.h"
#include "mmapkit/util.h"

namespace mk_copy_testing {

std::string Contents(const std::string &path) {
  std::string s;
  EXPECT_NO_ERRNO(ReadFile(path, &s));
  return s;
}

std::string Contents(int fd) {
  std::string s;
  EXPECT_NO_ERRNO(ReadFd(fd, &s));
  return s;
}

mk_copy_options Options(size_t window, unsigned flags, mk_copy_strategy strategy) {
  mk_copy_options options = {};
  options.window = window;
  options.flags = flags;
  options.strategy = strategy;
  return options;
}

mk_copy_options Progress::Options(size_t window, unsigned flags, mk_copy_strategy strategy) {
  mk_copy_options options = mk_copy_testing::Options(window, flags, strategy);
  options.progress = &Progress::Call;
  options.progress_arg = this;
  return options;
}

int Progress::Call(void *self, uint64_t done, uint64_t total) {
  return static_cast<Progress *>(self)->fn_(done, total);
}

std::string MountSmallTmpfs(const std::string &dir, const std::string &size) {
  std::string skip = EnterPrivateMountNamespace();
  if (!skip.empty()) return skip;
  const std::string options = "size=" + size;
  if (mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) != 0) {
    return "skip: mount tmpfs: " + std::string(strerror(errno));
  }
  return "";
}

std::string StrategyName(mk_copy_strategy strategy) {
  // "MK_COPY_MAP_SRC_WRITE" -> "MapSrcWrite": letters only, as test names need.
  const char *name = mk_copy_strategy_name(strategy);
  if (name == nullptr) return "Strategy" + std::to_string(static_cast<int>(strategy));
  std::string out;
  bool upper = true;
  for (const char *c = name + strlen("MK_COPY_"); *c != '\0'; c++) {
    if (*c == '_') {
      upper = true;
      continue;
    }
    out += upper ? *c : static_cast<char>(tolower(*c));
    upper = false;
  }
  return out;
}

static const char *StepName(mk_copy_step step) {
  switch (step) {
    case MK_COPY_STEP_NONE:
      return "NONE";
    case MK_COPY_STEP_STAT_SOURCE:
      return "STAT_SOURCE";
    case MK_COPY_STEP_OPEN_SOURCE:
      return "OPEN_SOURCE";
    case MK_COPY_STEP_STAT_DEST:
      return "STAT_DEST";
    case MK_COPY_STEP_SAME_FILE:
      return "SAME_FILE";
    case MK_COPY_STEP_CREATE_DEST:
      return "CREATE_DEST";
    case MK_COPY_STEP_KEEP_DEST:
      return "KEEP_DEST";
    case MK_COPY_STEP_KEEP_ATTRS:
      return "KEEP_ATTRS";
    case MK_COPY_STEP_READ_SOURCE:
      return "READ_SOURCE";
    case MK_COPY_STEP_WRITE_DEST:
      return "WRITE_DEST";
    case MK_COPY_STEP_RENAME_DEST:
      return "RENAME_DEST";
  }
  return "step?";
}

std::string Outcome(int rc, const mk_copy_report &report) {
  if (rc == 0) return "success";
  const char *name = mk_errno_name(rc);
  return std::string(name ? name : std::to_string(rc).c_str()) + " at " + StepName(report.failed);
}

std::string Copy(const std::string &src, const std::string &dst, const mk_copy_options *options) {
  mk_copy_report report;
  int rc = mk_copy_file_report(src.c_str(), dst.c_str(), options, &report);
  return Outcome(rc, report);
}

uint64_t Inode(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_ino) : 0;
}

Xattrs ListXattrs(const std::string &path) {
  Xattrs result;
  char names[4096];
  ssize_t n = llistxattr(path.c_str(), names, sizeof names);
  for (ssize_t i = 0; i < n; i += static_cast<ssize_t>(strlen(names + i)) + 1) {
    char value[4096];
    ssize_t len = lgetxattr(path.c_str(), names + i, value, sizeof value);
    result[names + i] = len >= 0 ? std::string(value, static_cast<size_t>(len)) : "<unreadable>";
  }
  return result;
}

const char kAccessAcl[] = "system.posix_acl_access";
const char kDefaultAcl[] = "system.posix_acl_default";

std::string AclXattr(const std::vector<AclEntry> &entries) {
  std::string blob;
  auto put = [&blob](uint32_t value, int bytes) {
    for (int i = 0; i < bytes; i++) blob += static_cast<char>((value >> (8 * i)) & 0xff);
  };
  put(2, 4);  // POSIX_ACL_XATTR_VERSION
  for (const AclEntry &e : entries) {
    put(e.tag, 2);
    put(e.perm, 2);
    put(e.tag == kAclUser || e.tag == kAclGroup ? e.id : 0xffffffffu, 4);
  }
  return blob;
}

std::string InChildAsNobody(const std::string &dir, const std::function<std::string()> &fn) {
  // The result goes through a descriptor opened now: nobody may not be able to
  // open a path under the test's directory.
  TempFile result;
  ScopedFd out(open(result.path().c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!out.valid()) return std::string("open result: ") + strerror(errno);
  mk_posix::ChildOutcome outcome = RunInChild([&] {
    std::string r;
    if (chdir(dir.c_str()) != 0) {
      r = std::string("chdir: ") + strerror(errno);
    } else if (setgroups(0, nullptr) != 0 || setresgid(65534, 65534, 65534) != 0 ||
               setresuid(65534, 65534, 65534) != 0) {
      r = std::string("skip: no uid/gid 65534 in this user namespace (") + strerror(errno) +
          "); Bazel's linux-sandbox maps only root: run without it";
    } else {
      r = fn();
    }
    if (write(out.get(), r.data(), r.size()) != static_cast<ssize_t>(r.size())) _exit(1);
  });
  std::string text;
  if (!outcome.exited || outcome.exit_code != 0 || !ReadFile(result.path(), &text)) {
    return "child " + outcome.Describe();
  }
  return text;
}

}  // namespace mk_copy_testing
