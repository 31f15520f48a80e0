// conformance/catalog/kernel_version.h - a Linux kernel version as the
// platform reports it (uname -r), so a version-dependent allowance or skip can
// be checked against what the platform claims to be.
#ifndef MMAPKIT_CONFORMANCE_CATALOG_KERNEL_VERSION_H_
#define MMAPKIT_CONFORMANCE_CATALOG_KERNEL_VERSION_H_

#include <string>

namespace mk_conformance {

// major.minor; {0, 0} means "none" (no bound) or "unknown" (unparsable release).
struct KernelVersion {
  int major = 0;
  int minor = 0;

  constexpr bool known() const { return major > 0; }
};

constexpr KernelVersion Linux(int major, int minor) {
  return KernelVersion{major, minor};
}

constexpr bool operator<(KernelVersion a, KernelVersion b) {
  return a.major != b.major ? a.major < b.major : a.minor < b.minor;
}

// "6.1.0-18-amd64" -> 6.1, "4.15" -> 4.15; anything that does not start with
// "<major>.<minor>" -> unknown.
KernelVersion ParseKernelRelease(const std::string &release);

// "4.15"; "unknown" when !known().
std::string ToString(KernelVersion v);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CATALOG_KERNEL_VERSION_H_
