// Directory listings, sparse files and their comparison (see files.h).
#include "conformance/posix/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "conformance/posix/fixtures.h"

namespace mk_posix {

std::vector<std::string> ListDir(const std::string &dir) {
  std::vector<std::string> names;
  DIR *d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (struct dirent *entry = readdir(d)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

std::string Joined(const std::vector<std::string> &names) {
  std::string s;
  for (const std::string &name : names) s += (s.empty() ? "" : " ") + name;
  return s;
}

static PosixError PwriteAll(int fd, const std::string &bytes, uint64_t offset) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n =
        pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoError("pwrite at " + std::to_string(offset + done));
    if (n == 0) return PosixError(EIO, "pwrite at " + std::to_string(offset + done) + ": 0");
    done += static_cast<size_t>(n);
  }
  return PosixError();
}

PosixError MakeSparseFile(const std::string &path, uint64_t size,
                          const std::vector<std::pair<uint64_t, std::string>> &pieces) {
  ScopedFd fd(open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) return ErrnoError("open(" + path + ", O_RDWR|O_CREAT|O_TRUNC)");
  if (ftruncate(fd.get(), static_cast<off_t>(size)) != 0) {
    return ErrnoError("ftruncate(" + path + ", " + std::to_string(size) + ")");
  }
  for (const auto &piece : pieces) {
    PosixError e = PwriteAll(fd.get(), piece.second, piece.first);
    if (!e.ok()) return PosixError(e.errno_value(), path + ": " + e.call());
  }
  return PosixError();
}

// Compares [start, end) of both files.
static bool SameRange(int a, int b, uint64_t start, uint64_t end, std::string *why) {
  std::vector<char> buf_a(1 << 20), buf_b(1 << 20);
  for (uint64_t pos = start; pos < end;) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(buf_a.size(), end - pos));
    ssize_t na = pread(a, buf_a.data(), want, static_cast<off_t>(pos));
    ssize_t nb = pread(b, buf_b.data(), want, static_cast<off_t>(pos));
    if (na <= 0 || nb <= 0 || na != nb) {
      *why = "short read at offset " + std::to_string(pos);
      return false;
    }
    if (std::memcmp(buf_a.data(), buf_b.data(), static_cast<size_t>(na)) != 0) {
      size_t i = 0;
      while (buf_a[i] == buf_b[i]) i++;
      *why = "bytes differ at offset " + std::to_string(pos + i);
      return false;
    }
    pos += static_cast<uint64_t>(na);
  }
  return true;
}

// Compares every data segment of `data_of` with the other file.
static bool SameOverDataOf(int data_of, int other, uint64_t size, std::string *why) {
  uint64_t pos = 0;
  while (pos < size) {
    off_t data = lseek(data_of, static_cast<off_t>(pos), SEEK_DATA);
    if (data < 0 && errno == ENXIO) return true;  // only a hole left
    if (data < 0) {
      *why = std::string("SEEK_DATA: ") + std::strerror(errno);
      return false;
    }
    off_t hole = lseek(data_of, data, SEEK_HOLE);
    if (hole < 0) {
      *why = std::string("SEEK_HOLE: ") + std::strerror(errno);
      return false;
    }
    uint64_t end = std::min<uint64_t>(static_cast<uint64_t>(hole), size);
    if (!SameRange(data_of, other, static_cast<uint64_t>(data), end, why)) return false;
    pos = end;
  }
  return true;
}

bool SameBytes(const std::string &a, const std::string &b, std::string *why) {
  ScopedFd fa(open(a.c_str(), O_RDONLY | O_CLOEXEC));
  ScopedFd fb(open(b.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fa.valid() || !fb.valid()) {
    *why = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  struct stat sa, sb;
  if (fstat(fa.get(), &sa) != 0 || fstat(fb.get(), &sb) != 0) {
    *why = std::string("cannot stat: ") + std::strerror(errno);
    return false;
  }
  if (sa.st_size != sb.st_size) {
    *why = "sizes differ: " + std::to_string(sa.st_size) + " vs " + std::to_string(sb.st_size);
    return false;
  }
  uint64_t size = static_cast<uint64_t>(sa.st_size);
  return SameOverDataOf(fa.get(), fb.get(), size, why) &&
         SameOverDataOf(fb.get(), fa.get(), size, why);
}

uint64_t AllocatedBytes(const std::string &path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return UINT64_MAX;
  return static_cast<uint64_t>(st.st_blocks) * 512;
}

int ModeBits(const std::string &path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 07777);
}

}  // namespace mk_posix
