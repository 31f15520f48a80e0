// File-system directories of a run and per-check scratch directories.
#include "conformance/run/fs_dirs.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
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

// A mount point as mountinfo escapes it (space, tab, newline, backslash as
// \ooo), decoded.
std::string Unescape(const std::string &field) {
  std::string out;
  for (size_t i = 0; i < field.size(); i++) {
    std::string digits = field.substr(i + 1, 3);
    if (field[i] == '\\' && digits.size() == 3 &&
        digits.find_first_not_of("01234567") == std::string::npos) {
      out += static_cast<char>(std::strtol(digits.c_str(), nullptr, 8));
      i += 3;
    } else {
      out += field[i];
    }
  }
  return out;
}

bool Contains(const std::string &mount_point, const std::string &path) {
  if (mount_point == "/") return true;
  return path.compare(0, mount_point.size(), mount_point) == 0 &&
         (path.size() == mount_point.size() || path[mount_point.size()] == '/');
}

// The mount table's type of the mount holding path ("overlay" named
// "overlayfs", as the magic numbers name it); "" without /proc.
std::string MountTableType(const std::string &path) {
  char resolved[PATH_MAX];
  std::string mountinfo;
  if (realpath(path.c_str(), resolved) == nullptr ||
      !mk_posix::ReadFile("/proc/self/mountinfo", &mountinfo)) {
    return "";
  }
  std::string type = MountinfoFsType(mountinfo, resolved);
  return type == "overlay" ? "overlayfs" : type;
}

// Creates a file of one page in dir and, with map_shared, maps it MAP_SHARED
// read/write: "" or the step that failed, with its errno in *err.
std::string Probe(const std::string &dir, bool map_shared, int *err) {
  std::string tmpl = dir + "/mk-probe-XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    *err = errno;
    return dir + ": " + std::strerror(errno);
  }
  std::string problem;
  if (ftruncate(fd, 4096) != 0) {
    *err = errno;
    problem = dir + ": ftruncate: " + std::strerror(errno);
  } else if (map_shared) {
    void *p = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
      *err = errno;
      problem = "mmap(MAP_SHARED) of a file in " + dir + ": " + mk_posix::ErrnoDescription(errno);
    } else {
      munmap(p, 4096);
    }
  }
  close(fd);
  unlink(name.data());
  return problem;
}

}  // namespace

std::string MountinfoFsType(const std::string &mountinfo, const std::string &path) {
  std::istringstream lines(mountinfo);
  std::string line, best_point, best_type;
  while (std::getline(lines, line)) {
    // ID PARENT MAJ:MIN ROOT MOUNT_POINT OPTIONS [OPTIONAL...] - TYPE SOURCE ...
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string word; fields >> word;) f.push_back(word);
    size_t dash = 6;
    while (dash < f.size() && f[dash] != "-") dash++;
    if (f.size() < 6 || dash + 1 >= f.size()) continue;
    std::string point = Unescape(f[4]);
    if (!Contains(point, path) || point.size() < best_point.size()) continue;
    best_point = point;  // equal length: a later mount hides an earlier one
    best_type = f[dash + 1];
  }
  return best_type;
}

std::string FsTypeName(const std::string &path) {
  struct statfs st;
  if (statfs(path.c_str(), &st) != 0) return "?";
  unsigned long magic = static_cast<unsigned long>(st.f_type) & 0xffffffffUL;
  std::string type = MountTableType(path);
  if (!type.empty()) return type;
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
  int err = 0;
  return Probe(dir, false, &err);
}

std::string SharedMappingProblem(const std::string &dir, int *err) {
  *err = 0;
  return Probe(dir, true, err);
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
  SetDiskDir(&dirs, mk_posix::TempDir());
  dirs.tmpfs = FindTmpfsDir(&dirs.tmpfs_missing);
  return dirs;
}

void SetDiskDir(FsDirs *dirs, const std::string &disk) {
  dirs->disk = disk;
  dirs->disk_shared_refused = SharedMappingProblem(disk, &dirs->disk_shared_errno);
}

ScratchDir::ScratchDir(const std::string &parent) : dir_(parent) {}

ScratchDir::~ScratchDir() {
  ClearInodeFlagsIn(dir_.path());
}

}  // namespace mk_conformance
