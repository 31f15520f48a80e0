// conformance/posix/files.h - directory listings, sparse files, a
// sparse-aware byte comparison and stat shortcuts, for tests that check what a
// copy or a check left on disk. No googletest dependency (part of :fixtures).
#ifndef MMAPKIT_CONFORMANCE_POSIX_FILES_H_
#define MMAPKIT_CONFORMANCE_POSIX_FILES_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "conformance/posix/posix_error.h"

namespace mk_posix {

// Names in dir, sorted, without "." and "..". Empty if dir cannot be opened.
std::vector<std::string> ListDir(const std::string &dir);

// The names joined with single spaces ("dst src"), for outcome strings.
std::string Joined(const std::vector<std::string> &names);

// Creates (or replaces) path as a file of size bytes that is a hole except for
// the given pieces {offset, bytes}. On failure, the errno and the call.
PosixError MakeSparseFile(const std::string &path, uint64_t size,
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

}  // namespace mk_posix

#endif  // MMAPKIT_CONFORMANCE_POSIX_FILES_H_
