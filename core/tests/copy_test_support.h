// core/tests/copy_test_support.h - what only the copy tests need on top of
// conformance/testing: sparse files and a sparse-aware comparison, directory
// listings (to prove no temporary file is left), copy options with a lambda
// progress callback, outcome strings (also from a forked child), a private
// mount namespace, and dropping root's file capabilities so permission bits
// apply. Used by core/tests/copy*_test.cc and tools/tests/mmapcp_*.
#ifndef MMAPKIT_CORE_TESTS_COPY_TEST_SUPPORT_H_
#define MMAPKIT_CORE_TESTS_COPY_TEST_SUPPORT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "mmapkit/copy.h"

namespace mk_copy_testing {

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * kKiB;
constexpr uint64_t kGiB = 1024 * kMiB;

// Names in dir, sorted, without "." and "..".
std::vector<std::string> ListDir(const std::string &dir);

// The names joined with single spaces ("dst src"), for outcome strings.
std::string Joined(const std::vector<std::string> &names);

// Creates (or replaces) path as a file of size bytes that is a hole except for
// the given pieces {offset, bytes}. Returns false (errno set) on failure.
bool MakeSparseFile(const std::string &path, uint64_t size,
                    const std::vector<std::pair<uint64_t, std::string>> &pieces);

// Whether a and b have the same size and the same bytes. Reads only the data
// segments of each file (SEEK_DATA/SEEK_HOLE): every differing byte is
// non-zero in one of them, so it lies in that file's data. A 5 GiB sparse
// file compares in milliseconds without filling the page cache with zeros.
// On a difference or an error, *why says where or what.
bool SameBytes(const std::string &a, const std::string &b, std::string *why);

// Bytes allocated on disk (st_blocks * 512), or UINT64_MAX if stat fails.
uint64_t AllocatedBytes(const std::string &path);

// st_mode & 07777, or -1 if stat fails.
int ModeBits(const std::string &path);

// mk_copy_options whose progress callback is a std::function. Keep the
// Progress object alive while the options are used.
class Progress {
 public:
  using Fn = std::function<int(uint64_t done, uint64_t total)>;
  explicit Progress(Fn fn) : fn_(std::move(fn)) {}
  mk_copy_options Options(size_t window = 0, unsigned flags = 0,
                          mk_copy_strategy strategy = MK_COPY_MAP_BOTH);

 private:
  static int Call(void *self, uint64_t done, uint64_t total);
  Fn fn_;
};

// mk_copy_options without a callback.
mk_copy_options Options(size_t window = 0, unsigned flags = 0,
                        mk_copy_strategy strategy = MK_COPY_MAP_BOTH);

// Name of a strategy, for parameterized test names.
std::string StrategyName(mk_copy_strategy strategy);

// "success", or what failed and where: "EACCES at CREATE_DEST". One string
// to compare, so a failure shows both values by name.
std::string Outcome(int rc, const mk_copy_report &report);

// Runs fn in a forked child (mk_testing::RunInChild) and returns the string
// fn returned there, or "child <how it ended>" if it did not return.
std::string InChild(const std::function<std::string()> &fn);

// For a RunInChild body: moves the process into its own mount namespace
// with private propagation, so what it mounts is seen by nobody else and
// vanishes with it. Returns "" or, where that is not permitted, "skip: why".
std::string EnterPrivateMountNamespace();

// Drops CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER from the calling
// process so that, even as root, permission bits decide. Meant for a
// RunInChild body. Returns false (errno set) on failure.
bool DropFileCapabilities();

}  // namespace mk_copy_testing

#endif  // MMAPKIT_CORE_TESTS_COPY_TEST_SUPPORT_H_
