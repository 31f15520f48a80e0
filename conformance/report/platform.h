// conformance/report/platform.h - what the report says about the machine it
// ran on: uname, page size, libc, the binary's ABI, what it runs inside
// (emulator, sandbox, namespaces), the porter's label, and the directories of
// each file system.
#ifndef MMAPKIT_CONFORMANCE_REPORT_PLATFORM_H_
#define MMAPKIT_CONFORMANCE_REPORT_PLATFORM_H_

#include <string>

#include "conformance/run/environment.h"
#include "conformance/run/fs_dirs.h"

namespace mk_conformance {

struct PlatformInfo {
  std::string sysname, release, version, machine;  // uname(2)
  long page_size = 0;
  std::string libc;    // "glibc 2.36"
  std::string binary;  // "dynamic" or "static"
  std::string disk_dir, disk_fs;
  std::string disk_shared_refused;  // why MAP_SHARED fails on disk_fs; empty when it works
  std::string tmpfs_dir, tmpfs_fs;  // empty when there is no tmpfs directory
  std::string label;                // --platform-label; empty when not given
  Environment environment;          // findings and the binary's ABI
};

PlatformInfo DescribePlatform(const FsDirs &dirs, const std::string &binary,
                              const std::string &label);

// "Linux 6.1.0-18-amd64 x86_64, page size 4096, glibc 2.36 (dynamic binary)"
std::string PlatformLine(const PlatformInfo &platform);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_REPORT_PLATFORM_H_
