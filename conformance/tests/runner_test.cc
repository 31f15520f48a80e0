// The runner: observations cross the process boundary intact; a crashing or
// hanging check is reported, not fatal, and leaves no process behind; every
// check gets a fresh scratch directory that is removed afterwards.
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "conformance/catalog/catalog.h"
#include "conformance/checks/check_util.h"
#include "conformance/run/fs_dirs.h"
#include "conformance/run/runner.h"
#include "conformance/testing/matchers.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

using mk_testing::SyscallSucceeds;

// Shared with the checks' children: what they report back to the test.
struct Shared {
  pid_t grandchild;
  char dir[4096];
  int flag_err;
};
Shared *g_shared = nullptr;

Observation CheckAborts(const CheckEnv &) {
  abort();
}

Observation CheckHangs(const CheckEnv &) {
  for (;;) pause();
}

Observation CheckHangsWithGrandchild(const CheckEnv &) {
  pid_t pid = fork();
  if (pid == 0) {
    for (;;) pause();
  }
  g_shared->grandchild = pid;
  for (;;) pause();
}

Observation CheckRecordsDir(const CheckEnv &env) {
  std::snprintf(g_shared->dir, sizeof g_shared->dir, "%s", env.dir.c_str());
  mk_posix::WriteFile(env.dir + "/left-behind", "x");  // the runner removes it
  return FailedWithErrno(EACCES, "detail with \"quotes\"");
}

Observation CheckLeavesAppendOnlyFile(const CheckEnv &env) {
  std::snprintf(g_shared->dir, sizeof g_shared->dir, "%s", env.dir.c_str());
  std::string path = env.dir + "/append-only";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return SetupFailed("open", errno);
  g_shared->flag_err = SetInodeFlag(fd, FS_APPEND_FL, true);
  close(fd);
  return Success("left " + path + " behind");
}

// Its setup fails the way MAP_SHARED fails on FUSE with direct_io.
Observation CheckSetupRefusedShared(const CheckEnv &) {
  return SetupFailed("mmap(PROT_READ, MAP_SHARED)", ENODEV);
}

Observation CheckSetupFailsOtherwise(const CheckEnv &) {
  return SetupFailed("open", EMFILE);
}

Observation CheckObservesRefusal(const CheckEnv &) {
  return FailedWithErrno(ENODEV, "mmap(MAP_SHARED)");
}

CatalogEntry FakeEntry(const char *id, CheckFn check) {
  return CatalogEntry{
      id,     "a test entry",  "runner_test", "https://example.invalid", Level::kLinux,
      kOnAll, ExpectSuccess(), check};
}

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    void *p =
        mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(MAP_FAILED, p);
    g_shared = static_cast<Shared *>(p);
    std::memset(g_shared, 0, sizeof(Shared));
    config_.dirs = DefaultFsDirs();
    config_.timeout_ms = 300;
  }
  void TearDown() override {
    munmap(g_shared, sizeof(Shared));
    g_shared = nullptr;
  }
  RunConfig config_;
};

TEST(Serialization, RoundTripsEveryField) {
  Observation o = KilledBySignal(SIGBUS, BUS_ADRERR, std::string("detail\0with nul", 15));
  o.variant = "v";
  o.needs_kernel = Linux(4, 17);
  Observation back;
  ASSERT_TRUE(ParseObservation(SerializeObservation(o), &back));
  EXPECT_EQ(4, back.needs_kernel.major);
  EXPECT_EQ(17, back.needs_kernel.minor);
  EXPECT_EQ(Observation::Kind::kSignal, back.kind);
  EXPECT_EQ(SIGBUS, back.sig);
  EXPECT_EQ(BUS_ADRERR, back.si_code);
  EXPECT_EQ("v", back.variant);
  EXPECT_EQ(o.detail, back.detail);
  std::string bytes = SerializeObservation(o);
  EXPECT_FALSE(ParseObservation(bytes.substr(0, bytes.size() - 1), &back));
  EXPECT_FALSE(ParseObservation(bytes + "x", &back));
  EXPECT_FALSE(ParseObservation("", &back));
}

TEST_F(RunnerTest, PassesTheCheckObservationThrough) {
  CatalogEntry entry = FakeEntry("TEST.RECORDS_DIR", CheckRecordsDir);
  Observation o = RunRowIsolated(Row{&entry, Fs::kDisk}, config_);
  EXPECT_EQ(Observation::Kind::kErrno, o.kind) << o.detail;
  EXPECT_EQ(EACCES, o.err);
  EXPECT_EQ("detail with \"quotes\"", o.detail);
  // A fresh directory under the disk directory, gone after the run.
  std::string dir = g_shared->dir;
  EXPECT_EQ(0u, dir.rfind(config_.dirs.disk + "/", 0)) << dir;
  struct stat st;
  EXPECT_THAT(stat(dir.c_str(), &st), mk_testing::SyscallFailsWithErrno(ENOENT));
}

TEST_F(RunnerTest, TmpfsRowsUseTheTmpfsDirectoryOrSkip) {
  CatalogEntry entry = FakeEntry("TEST.RECORDS_DIR", CheckRecordsDir);
  if (!config_.dirs.tmpfs.empty()) {
    RunRowIsolated(Row{&entry, Fs::kTmpfs}, config_);
    EXPECT_EQ(0u, std::string(g_shared->dir).rfind(config_.dirs.tmpfs + "/", 0)) << g_shared->dir;
    EXPECT_TRUE(IsTmpfs(config_.dirs.tmpfs));
  }
  config_.dirs.tmpfs.clear();
  config_.dirs.tmpfs_missing = "no tmpfs here";
  for (Observation o : {RunRowIsolated(Row{&entry, Fs::kTmpfs}, config_),
                        RunRowInProcess(Row{&entry, Fs::kTmpfs}, config_)}) {
    EXPECT_EQ(Observation::Kind::kSkip, o.kind);
    EXPECT_EQ("no tmpfs here", o.detail);
  }
}

TEST_F(RunnerTest, ACrashingCheckIsReportedNotFatal) {
  CatalogEntry entry = FakeEntry("TEST.ABORTS", CheckAborts);
  Observation o = RunRowIsolated(Row{&entry, Fs::kAnon}, config_);
  EXPECT_EQ(Observation::Kind::kCrashed, o.kind);
  EXPECT_EQ("the check was killed by SIGABRT", o.detail);
}

TEST_F(RunnerTest, AHangingCheckIsKilledAfterTheTimeout) {
  CatalogEntry entry = FakeEntry("TEST.HANGS", CheckHangs);
  Observation o = RunRowIsolated(Row{&entry, Fs::kAnon}, config_);
  EXPECT_EQ(Observation::Kind::kTimedOut, o.kind);
  EXPECT_EQ("timed out after 300 ms; the check was killed", o.detail);
}

TEST_F(RunnerTest, AHangingCheckTakesItsChildrenWithIt) {
  // Orphans of the check come to this process, so it can see how they ended.
  mk_posix::ScopedSubreaper subreaper;
  ASSERT_THAT(subreaper.result(), SyscallSucceeds());
  CatalogEntry entry = FakeEntry("TEST.HANGS_WITH_GRANDCHILD", CheckHangsWithGrandchild);
  Observation o = RunRowIsolated(Row{&entry, Fs::kAnon}, config_);
  EXPECT_EQ(Observation::Kind::kTimedOut, o.kind);
  pid_t grandchild = g_shared->grandchild;
  ASSERT_GT(grandchild, 0);
  int status = mk_posix::WaitForChild(grandchild);
  ASSERT_NE(-1, status) << "the grandchild " << grandchild << " is still running";
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
}

TEST_F(RunnerTest, ScratchDirIsRemovedEvenWithAnAppendOnlyFile) {
  CatalogEntry entry = FakeEntry("TEST.APPEND_ONLY", CheckLeavesAppendOnlyFile);
  for (bool isolated : {true, false}) {
    Row row{&entry, Fs::kDisk};
    Observation o = isolated ? RunRowIsolated(row, config_) : RunRowInProcess(row, config_);
    EXPECT_EQ(Observation::Kind::kSuccess, o.kind) << o.detail;
    struct stat st;
    EXPECT_THAT(stat(g_shared->dir, &st), mk_testing::SyscallFailsWithErrno(ENOENT));
    if (g_shared->flag_err != 0) {
      RecordProperty("append_only",
                     std::string("not settable here: ") + strerror(g_shared->flag_err));
    }
  }
}

TEST_F(RunnerTest, SetupRefusedLikeSharedMappingsIsASkipNamingIt) {
  config_.dirs.disk_shared_refused = "mmap(MAP_SHARED) of a file in /fuse: ENODEV (No such device)";
  config_.dirs.disk_shared_errno = ENODEV;
  CatalogEntry refused = FakeEntry("TEST.SETUP_REFUSED", CheckSetupRefusedShared);
  for (Fs fs : {Fs::kDisk, Fs::kAnon}) {
    for (bool isolated : {true, false}) {
      Row row{&refused, fs};
      Observation o = isolated ? RunRowIsolated(row, config_) : RunRowInProcess(row, config_);
      EXPECT_EQ(Observation::Kind::kSkip, o.kind) << o.detail;
      EXPECT_EQ(
          "needs MAP_SHARED file mappings, which this file system refuses (mmap(MAP_SHARED) of "
          "a file in /fuse: ENODEV (No such device)); setup: mmap(PROT_READ, MAP_SHARED): "
          "ENODEV (No such device)",
          o.detail);
    }
  }
  // The tmpfs rows use another directory; other setup failures stay BROKEN;
  // the refusal as the observation under test stays the result (FAIL).
  if (!config_.dirs.tmpfs.empty()) {
    EXPECT_EQ(Observation::Kind::kSetupFailed,
              RunRowIsolated(Row{&refused, Fs::kTmpfs}, config_).kind);
  }
  CatalogEntry other = FakeEntry("TEST.SETUP_FAILS", CheckSetupFailsOtherwise);
  EXPECT_EQ(Observation::Kind::kSetupFailed, RunRowIsolated(Row{&other, Fs::kDisk}, config_).kind);
  CatalogEntry observed = FakeEntry("TEST.OBSERVES_REFUSAL", CheckObservesRefusal);
  Observation o = RunRowIsolated(Row{&observed, Fs::kDisk}, config_);
  EXPECT_EQ(Observation::Kind::kErrno, o.kind);
  EXPECT_EQ(ENODEV, o.err);
  // Where MAP_SHARED works, nothing is explained away.
  config_.dirs = DefaultFsDirs();
  EXPECT_EQ("", config_.dirs.disk_shared_refused);
  EXPECT_EQ(Observation::Kind::kSetupFailed,
            RunRowIsolated(Row{&refused, Fs::kDisk}, config_).kind);
}

TEST(FsDirs, MountTableNamesTheMountHoldingAPath) {
  const std::string mountinfo =
      "21 1 0:20 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
      "30 21 7:0 / /mnt/old rw,relatime shared:5 master:2 - ext2 /dev/loop0 rw\n"
      "31 21 7:1 / /mnt/old2 rw - xfs /dev/loop1 rw\n"
      "32 21 0:40 / /mnt/with\\040space rw - fuse.bindfs /src rw,user_id=0\n"
      "33 30 0:41 / /mnt/old/sub rw - tmpfs tmpfs rw\n"
      "34 21 7:2 / /mnt/old rw - ext3 /dev/loop2 rw\n"
      "a malformed line without the separator\n";
  EXPECT_EQ("ext3", MountinfoFsType(mountinfo, "/mnt/old"));  // mounted over the ext2
  EXPECT_EQ("ext3", MountinfoFsType(mountinfo, "/mnt/old/dir/file"));
  EXPECT_EQ("tmpfs", MountinfoFsType(mountinfo, "/mnt/old/sub/x"));
  EXPECT_EQ("xfs", MountinfoFsType(mountinfo, "/mnt/old2"));
  EXPECT_EQ("ext4", MountinfoFsType(mountinfo, "/mnt/old22"));  // not under /mnt/old2
  EXPECT_EQ("fuse.bindfs", MountinfoFsType(mountinfo, "/mnt/with space/d"));
  EXPECT_EQ("ext4", MountinfoFsType(mountinfo, "/"));
  EXPECT_EQ("", MountinfoFsType("", "/"));
  EXPECT_EQ("", MountinfoFsType("1 2 3 4\n", "/"));
}

TEST(FsDirs, NamesFileSystemsAndFindsProblems) {
  EXPECT_EQ("?", FsTypeName("/nonexistent/dir"));
  EXPECT_NE(std::string::npos, DirProblem("/nonexistent/dir").find("/nonexistent/dir"));
  EXPECT_EQ("", DirProblem(mk_posix::TempDir()));
  int err = -1;
  EXPECT_EQ("", SharedMappingProblem(mk_posix::TempDir(), &err));
  EXPECT_EQ(0, err);
  EXPECT_NE("", SharedMappingProblem("/nonexistent/dir", &err));
  EXPECT_EQ(ENOENT, err);
  EXPECT_FALSE(IsTmpfs("/nonexistent/dir"));
  std::string why;
  std::string tmpfs = FindTmpfsDir(&why);
  if (tmpfs.empty()) {
    EXPECT_NE(std::string::npos, why.find("--tmpfs-dir")) << why;
  } else {
    EXPECT_TRUE(IsTmpfs(tmpfs));
    EXPECT_EQ("tmpfs", FsTypeName(tmpfs));
  }
}

}  // namespace
}  // namespace mk_conformance
