// conformance/run/fs_dirs.h - the directories a run uses for each file
// system, how to name a directory's file system, and the fresh per-check
// scratch directory (removed afterwards, even after append-only files).
#ifndef MMAPKIT_CONFORMANCE_RUN_FS_DIRS_H_
#define MMAPKIT_CONFORMANCE_RUN_FS_DIRS_H_

#include <memory>
#include <string>

#include "conformance/posix/fixtures.h"

namespace mk_conformance {

// "ext4", "tmpfs", "overlayfs", ... or "0x1234abcd"; "?" if statfs fails.
// The mount table's type when /proc has one: statfs cannot tell ext2 from
// ext4, names no FUSE file system ("fuse.sshfs", "virtiofs") and on 9p gives
// the server's file system. Else the name of statfs's magic number.
std::string FsTypeName(const std::string &path);
bool IsTmpfs(const std::string &path);

// The type that mountinfo (the text of /proc/self/mountinfo) gives the mount
// holding path (absolute, symlinks resolved): the last mount on the longest
// mount point that contains it. "" when none does or the text is malformed.
std::string MountinfoFsType(const std::string &mountinfo, const std::string &path);

// Empty if dir is a writable directory where a file can be created and
// grown, else why not ("/dev/shm: No such file or directory").
std::string DirProblem(const std::string &dir);

// Empty if a file in dir can be mapped MAP_SHARED read/write, else why not
// ("mmap(MAP_SHARED) of a file in /mnt: ENODEV (No such device)"), with the
// errno in *err. Some file systems refuse it (FUSE with direct_io, 9p
// without a cache); the report then still runs every row.
std::string SharedMappingProblem(const std::string &dir, int *err);

// The first writable tmpfs among /dev/shm, /tmp, /run/shm; empty if none
// (then *why says what was tried).
std::string FindTmpfsDir(std::string *why);

// Where the rows of a run put their files.
struct FsDirs {
  std::string disk;           // --dir: TEST_TMPDIR, TMPDIR or /tmp by default
  std::string tmpfs;          // a tmpfs directory; empty when there is none
  std::string tmpfs_missing;  // why there is none (tmpfs rows SKIP with it)
  // SharedMappingProblem(disk): rows whose setup fails with this errno there
  // SKIP naming it; the rows that test MAP_SHARED itself FAIL.
  std::string disk_shared_refused;
  int disk_shared_errno = 0;
};

// The defaults: disk = mk_posix::TempDir(), tmpfs = FindTmpfsDir().
FsDirs DefaultFsDirs();

// Sets dirs->disk and what it refuses (disk_shared_*).
void SetDiskDir(FsDirs *dirs, const std::string &disk);

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
  mk_posix::TempDirectory dir_;
};

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_RUN_FS_DIRS_H_
