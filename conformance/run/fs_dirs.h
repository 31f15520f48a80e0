// conformance/run/fs_dirs.h - the directories a run uses for each file
// system, how to name a directory's file system, and the fresh per-check
// scratch directory (removed afterwards, even after append-only files).
#ifndef MMAPKIT_CONFORMANCE_RUN_FS_DIRS_H_
#define MMAPKIT_CONFORMANCE_RUN_FS_DIRS_H_

#include <memory>
#include <string>

#include "conformance/testing/fixtures.h"

namespace mk_conformance {

// "ext4", "tmpfs", "overlayfs", ... or "0x1234abcd"; "?" if statfs fails.
std::string FsTypeName(const std::string &path);
bool IsTmpfs(const std::string &path);

// Empty if dir is a writable directory where a file can be created and
// mapped, else why not ("/dev/shm: No such file or directory").
std::string DirProblem(const std::string &dir);

// The first writable tmpfs among /dev/shm, /tmp, /run/shm; empty if none
// (then *why says what was tried).
std::string FindTmpfsDir(std::string *why);

// Where the rows of a run put their files.
struct FsDirs {
  std::string disk;           // --dir: TEST_TMPDIR, TMPDIR or /tmp by default
  std::string tmpfs;          // a tmpfs directory; empty when there is none
  std::string tmpfs_missing;  // why there is none (tmpfs rows SKIP with it)
};

// The defaults: disk = mk_testing::TempDir(), tmpfs = FindTmpfsDir().
FsDirs DefaultFsDirs();

// A fresh directory under parent for one check; on destruction the inode
// flags a check may have set (append-only) are cleared and the tree removed.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string &parent);
  ~ScratchDir();
  ScratchDir(const ScratchDir &) = delete;
  ScratchDir &operator=(const ScratchDir &) = delete;
  const std::string &path() const { return dir_.path(); }

 private:
  mk_testing::TempDirectory dir_;
};

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_RUN_FS_DIRS_H_
