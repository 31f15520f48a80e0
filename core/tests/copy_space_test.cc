// Out of space: past RLIMIT_FSIZE the copy fails with -EFBIG (SIGXFSZ
// ignored), on a full file system with -ENOSPC - before anything is mapped
// when space is reserved (also in place: the file is left as it was), through
// the SIGBUS guard or EFAULT when it is not, in whichever thread meets it.
// Either way the old destination is intact and no temporary file is left.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "core/tests/copy_test_support.h"
#include "gtest/gtest.h"
#include "mmapkit/copy.h"
#include "mmapkit/util.h"

namespace mk_copy_testing {
namespace {

// The copy's outcome and how many windows it started: a reserved copy must
// fail before the first one. With several threads, which thread meets the
// full disk first, after how many windows, is the scheduler's choice: the
// outcome only.
std::string Copy(const std::string &src, const std::string &dst, unsigned flags = 0,
                 mk_copy_strategy strategy = MK_COPY_MAP_BOTH, unsigned threads = 1) {
  int windows = 0;
  Progress count([&](uint64_t done, uint64_t total) {
    if (done < total) windows++;
    return 0;
  });
  mk_copy_options options = count.Options(threads > 1 ? 16 * kKiB : 0, flags, strategy);
  options.threads = threads;
  mk_copy_report report;
  int rc = mk_copy_file_report(src.c_str(), dst.c_str(), &options, &report);
  if (threads > 1) return Outcome(rc, report) + " with " + std::to_string(threads) + " threads";
  return Outcome(rc, report) + " after " + std::to_string(windows) + " windows";
}

// mk_copy_range of len bytes into the file at dst: its errno name, the
// windows it started, and the size the file has afterwards.
std::string CopyRangeInto(const std::string &src, const std::string &dst, uint64_t len,
                          unsigned flags = 0, mk_copy_strategy strategy = MK_COPY_MAP_BOTH) {
  int windows = 0;
  Progress count([&](uint64_t done, uint64_t total) {
    if (done < total) windows++;
    return 0;
  });
  mk_copy_options options = count.Options(0, flags, strategy);
  ScopedFd in(open(src.c_str(), O_RDONLY | O_CLOEXEC));
  ScopedFd out(open(dst.c_str(), O_RDWR | O_CLOEXEC));
  int rc = mk_copy_range(in.get(), 0, out.get(), 0, len, &options);
  struct stat st;
  fstat(out.get(), &st);
  const char *name = mk_errno_name(rc);
  return std::string(rc == 0 ? "success"
                     : name  ? name
                             : "?") +
         " after " + std::to_string(windows) + " windows, size " + std::to_string(st.st_size);
}

TEST(CopySpace, PastTheFileSizeLimitIsEfbigAndChangesNothing) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst"), range = dir.Join("range");
  const std::string old = Pattern(10 * kKiB, 1);
  ASSERT_NO_ERRNO(WriteFile(src, Pattern(kMiB, 2)));
  ASSERT_NO_ERRNO(WriteFile(dst, old));
  ASSERT_NO_ERRNO(WriteFile(range, "old"));

  std::string outcome = InChild([&] {
    signal(SIGXFSZ, SIG_IGN);  // the default action would kill us instead
    struct rlimit limit = {64 * kKiB, 64 * kKiB};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return std::string("setrlimit failed");
    std::string r;
    for (mk_copy_strategy s : kStrategies) {
      r += Copy(src, dst, 0, s) + "; ";
      r += Copy(src, dst, MK_COPY_NO_RESERVE, s) + "; ";
    }
    r += CopyRangeInto(src, range, kMiB) + "; ";
    r += CopyRangeInto(src, range, kMiB, MK_COPY_NO_RESERVE);
    return r;
  });

  std::string expected;
  for (int i = 0; i < 6; i++) expected += "EFBIG at WRITE_DEST after 0 windows; ";
  EXPECT_EQ(outcome, expected + "EFBIG after 0 windows, size 3; EFBIG after 0 windows, size 3");
  std::string now;
  ASSERT_NO_ERRNO(ReadFile(dst, &now));
  EXPECT_TRUE(now == old) << "the destination changed";
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst", "range", "src"}));
}

// A destination already longer than the file size limit needs no growth, so
// nothing fails before the copy: the one pwrite() of the window that crosses
// the limit stores the bytes below it and returns that short count, and only
// the retry at the limit fails (EFBIG). A copy that took the short count for
// the whole window would report success with the tail of the range missing.
TEST(CopySpace, PwriteCutShortAtTheFileSizeLimitIsEfbig) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), dst = dir.Join("dst");
  const std::string content = Pattern(6 * kPage, 5), old = Pattern(8 * kPage, 6);
  const uint64_t limit = 3 * kPage + 123;
  ASSERT_TRUE(WriteFile(src, content));
  ASSERT_TRUE(WriteFile(dst, old));

  std::string outcome = InChild([&] {
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {limit, limit};
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0) return std::string("setrlimit failed");
    ScopedFd in(open(src.c_str(), O_RDONLY | O_CLOEXEC)),
        out(open(dst.c_str(), O_RDWR | O_CLOEXEC));
    mk_copy_options options = Options(8 * kPage, 0, MK_COPY_MAP_SRC_WRITE);  // one window
    int rc = mk_copy_range(in.get(), 0, out.get(), 0, content.size(), &options);
    return std::string(rc == 0 ? "success" : mk_errno_name(rc));
  });
  EXPECT_EQ(outcome, "EFBIG");
  std::string now = Contents(dst);
  ASSERT_EQ(now.size(), old.size()) << "the destination's size changed";
  EXPECT_TRUE(now.compare(0, limit, content, 0, limit) == 0) << "the bytes below the limit";
  EXPECT_TRUE(now.compare(limit, std::string::npos, old, limit, std::string::npos) == 0)
      << "bytes at and past the limit changed";
}

// A 1 MiB tmpfs mounted in the child's own mount namespace (so nothing leaks
// out of the child); the copy of 2 MiB cannot fit. Skipped where mount
// namespaces or tmpfs mounts are not permitted.
TEST(CopySpace, OnAFullFileSystemIsEnospcAndChangesNothing) {
  TempDirectory dir;
  const std::string src = dir.Join("src"), mnt = dir.Join("mnt");
  ASSERT_NO_ERRNO(WriteFile(src, Pattern(2 * kMiB, 3)));
  ASSERT_EQ(mkdir(mnt.c_str(), 0755), 0);
  const std::string old = Pattern(100 * kKiB, 4);

  std::string outcome = InChild([&] {
    std::string skip = MountSmallTmpfs(mnt, "1m");
    if (!skip.empty()) return skip;
    const std::string dst = mnt + "/dst", range = mnt + "/range";
    if (!WriteFile(dst, old) || !WriteFile(range, "")) return std::string("setup failed");
    // Reserved: fallocate fails before the first window. Not reserved: in the
    // first window the mapped write faults (SIGBUS guard, or EFAULT inside
    // pread) or pwrite fails.
    std::string r = Copy(src, dst) + "; " + Copy(src, dst, MK_COPY_IN_PLACE) + "; ";
    for (mk_copy_strategy s : kStrategies) {
      r += Copy(src, dst, MK_COPY_NO_RESERVE, s) + "; ";
    }
    r += CopyRangeInto(src, range, 2 * kMiB) + "; ";
    for (mk_copy_strategy s : kStrategies) {
      r += CopyRangeInto(src, range, 2 * kMiB, MK_COPY_NO_RESERVE, s) + "; ";
    }
    // Four threads: some thread's window fails (a SIGBUS on the destination
    // mapping, EFAULT in pread, ENOSPC from pwrite); all stop.
    const size_t threads_before = ListDir("/proc/self/task").size();
    r += Copy(src, dst, 0, MK_COPY_MAP_BOTH, 4) + "; ";
    for (mk_copy_strategy s : kStrategies) {
      r += Copy(src, dst, MK_COPY_NO_RESERVE, s, 4) + "; ";
    }
    if (ListDir("/proc/self/task").size() != threads_before) r += "helpers left; ";
    std::string now;
    r += ReadFile(dst, &now) && now == old ? "dst intact" : "dst changed";
    return r + "; entries: " + Joined(ListDir(mnt));
  });
  if (outcome.rfind("skip: ", 0) == 0) GTEST_SKIP() << outcome;

  EXPECT_EQ(outcome,
            "ENOSPC at WRITE_DEST after 0 windows; ENOSPC at WRITE_DEST after 0 windows; "
            "ENOSPC at WRITE_DEST after 1 windows; "
            "ENOSPC at WRITE_DEST after 1 windows; ENOSPC at WRITE_DEST after 1 windows; "
            "ENOSPC after 0 windows, size 0; ENOSPC after 1 windows, size 0; "
            "ENOSPC after 1 windows, size 0; ENOSPC after 1 windows, size 0; "
            "ENOSPC at WRITE_DEST with 4 threads; ENOSPC at WRITE_DEST with 4 threads; "
            "ENOSPC at WRITE_DEST with 4 threads; ENOSPC at WRITE_DEST with 4 threads; "
            "dst intact; entries: dst range");
}

}  // namespace
}  // namespace mk_copy_testing
