// Platform description for the report header and the JSON "platform" object.
#include "conformance/report/platform.h"

#include <gnu/libc-version.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace mk_conformance {

PlatformInfo DescribePlatform(const FsDirs &dirs, const std::string &binary) {
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
  info.tmpfs_dir = dirs.tmpfs;
  if (!dirs.tmpfs.empty()) info.tmpfs_fs = FsTypeName(dirs.tmpfs);
  return info;
}

}  // namespace mk_conformance
