// File-system directories of a run and per-check scratch directories.
#include "conformance/run/fs_dirs.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "conformance/checks/check_util.h"

namespace mk_conformance {

namespace {

constexpr unsigned long kTmpfsMagic = 0x01021994;

struct FsMagic {
  unsigned long magic;
  const char *name;
};

constexpr FsMagic kFsNames[] = {
    {0xef53, "ext4"},          {kTmpfsMagic, "tmpfs"},   {0x858458f6, "ramfs"},
    {0x794c7630, "overlayfs"}, {0x58465342, "xfs"},      {0x9123683e, "btrfs"},
    {0xf2f52010, "f2fs"},      {0x2fc12fc1, "zfs"},      {0x6969, "nfs"},
    {0x01021997, "9p"},        {0x65735546, "fuse"},     {0x4d44, "vfat"},
    {0x5346544e, "ntfs"},      {0x73717368, "squashfs"}, {0x15013346, "erofs"},
};

}  // namespace

std::string FsTypeName(const std::string &path) {
  struct statfs st;
  if (statfs(path.c_str(), &st) != 0) return "?";
  unsigned long magic = static_cast<unsigned long>(st.f_type) & 0xffffffffUL;
  for (const FsMagic &fs : kFsNames) {
    if (fs.magic == magic) return fs.name;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%#lx", magic);
  return text;
}

bool IsTmpfs(const std::string &path) {
  struct statfs st;
  return statfs(path.c_str(), &st) == 0 &&
         (static_cast<unsigned long>(st.f_type) & 0xffffffffUL) == kTmpfsMagic;
}

std::string DirProblem(const std::string &dir) {
  std::string tmpl = dir + "/mk-probe-XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) return dir + ": " + std::strerror(errno);
  std::string problem;
  if (ftruncate(fd, 4096) != 0) {
    problem = dir + ": ftruncate: " + std::strerror(errno);
  } else {
    void *p = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
      problem = dir + ": mmap(MAP_SHARED): " + std::strerror(errno);
    } else {
      munmap(p, 4096);
    }
  }
  close(fd);
  unlink(name.data());
  return problem;
}

std::string FindTmpfsDir(std::string *why) {
  std::string tried;
  for (const char *dir : {"/dev/shm", "/tmp", "/run/shm"}) {
    if (!IsTmpfs(dir)) {
      tried += std::string(tried.empty() ? "" : ", ") + dir + " is not a tmpfs";
      continue;
    }
    std::string problem = DirProblem(dir);
    if (problem.empty()) return dir;
    tried += (tried.empty() ? "" : ", ") + problem;
  }
  if (why != nullptr) *why = "no usable tmpfs directory (" + tried + "); pass --tmpfs-dir DIR";
  return "";
}

FsDirs DefaultFsDirs() {
  FsDirs dirs;
  dirs.disk = mk_testing::TempDir();
  dirs.tmpfs = FindTmpfsDir(&dirs.tmpfs_missing);
  return dirs;
}

ScratchDir::ScratchDir(const std::string &parent) : dir_(parent) {}

ScratchDir::~ScratchDir() {
  ClearInodeFlagsIn(dir_.path());
}

}  // namespace mk_conformance
