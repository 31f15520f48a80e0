// The read()/write() fallback of mk_copy_file, for sources whose size cannot
// be trusted: a procfs file larger than a page comes out whole, and a write
// cut short by the file size limit is neither taken for a complete write nor
// left behind half-done.
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "conformance/posix/fixtures.h"
#include "conformance/testing/matchers.h"
#include "core/tests/copy_test_support.h"
#include "gtest/gtest.h"
#include "mmapkit/copy.h"

namespace mk_copy_testing {
namespace {

// A process sleeping with a known environment of env_bytes bytes:
// /proc/<pid>/environ is a procfs file (st_size 0) with exactly that content.
class ProcessWithEnvironment {
 public:
  explicit ProcessWithEnvironment(size_t env_bytes) {
    // Variables of about 100 bytes ("V10000=jqxe...\0"), the last one sized to fit.
    for (int i = 0; expected_.size() < env_bytes; i++) {
      size_t left = env_bytes - expected_.size();
      std::string var = "V" + std::to_string(10000 + i) + "=";
      size_t value = (left >= 200 ? 100 : left) - var.size() - 1;
      for (size_t j = 0; j < value; j++) var += static_cast<char>('a' + (i * 7 + j * 3) % 26);
      vars_.push_back(var);
      expected_ += var + '\0';
    }
    std::vector<char *> envp;
    for (std::string &v : vars_) envp.push_back(&v[0]);
    envp.push_back(nullptr);
    char sleep_arg[] = "sleep", seconds[] = "60";
    char *argv[] = {sleep_arg, seconds, nullptr};
    if (posix_spawn(&pid_, "/bin/sleep", nullptr, nullptr, argv, envp.data()) != 0) pid_ = -1;
    // posix_spawn returns once the child has begun its exec, which may be before the kernel
    // has set up its environment: until then /proc/<pid>/environ reads empty.
    std::string now;
    for (int tries = 0; pid_ > 0 && tries < 10000; tries++) {
      if (ReadFile(environ_path(), &now) && now == expected_) return;
      usleep(1000);
    }
    ready_ = false;
  }
  ~ProcessWithEnvironment() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  // The process runs with its environment in place (else the test cannot start).
  bool ready() const { return pid_ > 0 && ready_; }
  pid_t pid() const { return pid_; }
  std::string environ_path() const { return "/proc/" + std::to_string(pid_) + "/environ"; }
  const std::string &expected() const { return expected_; }

 private:
  std::vector<std::string> vars_;
  std::string expected_;
  pid_t pid_ = -1;
  bool ready_ = true;
};

TEST(CopyStream, ProcfsSourceLargerThanAPageIsCopiedWhole) {
  ProcessWithEnvironment proc(3 * kPage + 321);
  ASSERT_TRUE(proc.ready()) << "posix_spawn /bin/sleep, or its /proc/<pid>/environ never filled";
  ASSERT_EQ(proc.expected().size(), 3 * kPage + 321);
  TempDirectory dir;
  mk_copy_report report;
  int rc =
      mk_copy_file_report(proc.environ_path().c_str(), dir.Join("env").c_str(), nullptr, &report);
  EXPECT_EQ(Outcome(rc, report), "success");
  EXPECT_EQ(report.copied, proc.expected().size());
  EXPECT_TRUE(Contents(dir.Join("env")) == proc.expected())
      << "the copy of " << proc.environ_path() << " differs from the process's environment ("
      << Contents(dir.Join("env")).size() << " bytes, want " << proc.expected().size() << ")";
}

// RLIMIT_FSIZE below the source's size: write() stores up to the limit and
// returns that short count; the next write() fails with EFBIG. The copy must
// report that EFBIG (a fallback taking the short count for the whole write
// would "succeed" with a truncated file) and leave the old destination.
TEST(CopyStream, WriteCutShortAtTheFileSizeLimitIsEfbigAndChangesNothing) {
  ProcessWithEnvironment proc(3 * kPage + 321);
  ASSERT_TRUE(proc.ready()) << "posix_spawn /bin/sleep, or its /proc/<pid>/environ never filled";
  TempDirectory dir;
  const std::string dst = dir.Join("dst");
  ASSERT_TRUE(WriteFile(dst, "old"));
  std::string outcome = InChild([&] {
    signal(SIGXFSZ, SIG_IGN);  // the default action would kill us instead
    struct rlimit limit = {2 * kPage + 77, 2 * kPage + 77};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return std::string("setrlimit failed");
    return Copy(proc.environ_path(), dst);
  });
  EXPECT_EQ(outcome, "EFBIG at WRITE_DEST");
  EXPECT_TRUE(Contents(dst) == "old") << "the destination changed";
  EXPECT_EQ(ListDir(dir.path()), (Names{"dst"})) << "a temporary file was left behind";
}

}  // namespace
}  // namespace mk_copy_testing
