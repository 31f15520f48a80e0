// Platform description for the report header and the JSON "platform" object.
#include "conformance/report/platform.h"

#include <gnu/libc-version.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace mk_conformance {

PlatformInfo DescribePlatform(const FsDirs &dirs, const std::string &binary,
                              const std::string &label) {
  PlatformInfo info;
  struct utsname u;
  if (uname(&u) == 0) {
    info.sysname = u.sysname;
    info.release = u.release;
    info.version = u.version;
    info.machine = u.machine;
  }
  info.page_size = sysconf(_SC_PAGESIZE);
  info.libc = std::string("glibc ") + gnu_get_libc_version();
  info.binary = binary;
  info.disk_dir = dirs.disk;
  info.disk_fs = FsTypeName(dirs.disk);
  info.disk_shared_refused = dirs.disk_shared_refused;
  info.tmpfs_dir = dirs.tmpfs;
  if (!dirs.tmpfs.empty()) info.tmpfs_fs = FsTypeName(dirs.tmpfs);
  info.label = label;
  info.environment = DetectEnvironment();
  return info;
}

std::string PlatformLine(const PlatformInfo &p) {
  return p.sysname + " " + p.release + " " + p.machine + ", page size " +
         std::to_string(p.page_size) + ", " + p.libc + " (" + p.binary + " binary)";
}

}  // namespace mk_conformance
