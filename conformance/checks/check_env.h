// conformance/checks/check_env.h - what a check is given: the file system it
// runs on, a fresh empty directory there, and the page size.
#ifndef MMAPKIT_CONFORMANCE_CHECKS_CHECK_ENV_H_
#define MMAPKIT_CONFORMANCE_CHECKS_CHECK_ENV_H_

#include <cstddef>
#include <string>

namespace mk_conformance {

// The file system a catalog row runs on.
enum class Fs {
  kDisk,   // the --dir directory (TMPDIR or /tmp): ext4, xfs, overlay, ...
  kTmpfs,  // a tmpfs directory (/dev/shm by default)
  kAnon,   // anonymous memory, or no file system involved at all
};

// "disk", "tmpfs", "anon": the fs column and the suffix of a JSON key.
const char *FsName(Fs fs);

struct CheckEnv {
  Fs fs = Fs::kAnon;
  // A fresh, empty directory on fs, removed after the check. For kAnon rows
  // it lies in the disk directory (for the few anon checks that need a file).
  std::string dir;
  size_t page = 4096;
};

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_CHECK_ENV_H_
