// Parsing and printing kernel versions (see kernel_version.h).
#include "conformance/catalog/kernel_version.h"

#include <cctype>

namespace mk_conformance {

namespace {

// Reads a decimal number at *pos (at most 4 digits: a version part, not an
// arbitrary integer). Returns -1 when there is none.
int ReadNumber(const std::string &s, size_t *pos) {
  int value = 0;
  size_t start = *pos;
  while (*pos < s.size() && std::isdigit(static_cast<unsigned char>(s[*pos])) && *pos - start < 4) {
    value = value * 10 + (s[*pos] - '0');
    ++*pos;
  }
  return *pos == start ? -1 : value;
}

}  // namespace

KernelVersion ParseKernelRelease(const std::string &release) {
  size_t pos = 0;
  int major = ReadNumber(release, &pos);
  if (major <= 0 || pos >= release.size() || release[pos] != '.') return KernelVersion{};
  ++pos;
  int minor = ReadNumber(release, &pos);
  if (minor < 0) return KernelVersion{};
  return KernelVersion{major, minor};
}

std::string ToString(KernelVersion v) {
  if (!v.known()) return "unknown";
  return std::to_string(v.major) + "." + std::to_string(v.minor);
}

}  // namespace mk_conformance
