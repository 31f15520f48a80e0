// conformance/report/platform.h - what the report says about the machine it
// ran on: uname, page size, libc, and the directories of each file system.
#ifndef MMAPKIT_CONFORMANCE_REPORT_PLATFORM_H_
#define MMAPKIT_CONFORMANCE_REPORT_PLATFORM_H_

#include <string>

#include "conformance/run/fs_dirs.h"

namespace mk_conformance {

struct PlatformInfo {
  std::string sysname, release, version, machine;  // uname(2)
  long page_size = 0;
  std::string libc;    // "glibc 2.36"
  std::string binary;  // "dynamic" or "static"
  std::string disk_dir, disk_fs;
  std::string tmpfs_dir, tmpfs_fs;  // empty when there is no tmpfs directory
};

PlatformInfo DescribePlatform(const FsDirs &dirs, const std::string &binary);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_REPORT_PLATFORM_H_
