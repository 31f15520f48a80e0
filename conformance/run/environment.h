// conformance/run/environment.h - what the report runs inside, as far as it
// can tell from inside: a binary translator (valgrind, qemu-user), a seccomp
// filter, namespaces (bubblewrap, Bazel's sandbox, containers), a container
// runtime, gVisor; and the binary's ABI. Each finding says how it was
// detected, so a porter can judge it. Nothing is reported for what is absent.
#ifndef MMAPKIT_CONFORMANCE_RUN_ENVIRONMENT_H_
#define MMAPKIT_CONFORMANCE_RUN_ENVIRONMENT_H_

#include <map>
#include <string>
#include <vector>

#include "conformance/profile/platform_facts.h"

namespace mk_conformance {

struct EnvironmentFinding {
  // Stable names for profile conditions and the JSON: "valgrind",
  // "qemu-user", "seccomp", "user-namespace", "mount-namespace",
  // "pid-namespace", "net-namespace", "uts-namespace", "ipc-namespace",
  // "cgroup-namespace", "time-namespace", "container", "gvisor".
  std::string tag;
  std::string what;  // "seccomp filter (1 filter)"
  std::string how;   // "/proc/self/status: Seccomp: 2, Seccomp_filters: 1"
};

struct Environment {
  std::vector<EnvironmentFinding> findings;  // empty: nothing detected
  std::string abi;                           // "x86_64, LP64, little-endian, 64-bit off_t"

  bool Has(const std::string &tag) const;
  std::vector<std::string> Tags() const;
  // "valgrind; seccomp filter (1 filter)", or "" when nothing was detected.
  std::string Summary() const;
};

// The raw facts the detection reads, gathered by ReadEnvironmentInputs (tests
// build them by hand). An empty string is a file that could not be read.
struct EnvironmentInputs {
  std::string valgrind_client_request;  // "yes"/"no" from valgrind.h, "" if not compiled in
  std::string task_maps_path;           // /proc/self/task/TID/maps (qemu-user does not hide
  std::string task_maps;                //   its own mappings there)
  std::string status;                   // /proc/self/status
  int prctl_seccomp = -1;               // PR_GET_SECCOMP, when /proc/self/status has no answer
  std::map<std::string, std::string> ns_self;  // "user" -> "user:[4026531837]"
  std::map<std::string, std::string> ns_init;  // pid 1's links, only in the initial pid namespace
  // "mnt" -> the owning user namespace's link (NS_GET_USERNS), when known.
  std::map<std::string, std::string> ns_owner;
  std::string uid_map;                       // /proc/self/uid_map
  std::vector<std::string> container_marks;  // "/.dockerenv exists" (named, never decisive)
  std::string container_env;                 // $container (systemd-nspawn, lxc, podman)
  std::string mountinfo;                     // /proc/self/mountinfo
  std::string cgroup;                        // /proc/self/cgroup
  std::string uname_version;                 // uname -v
};

EnvironmentInputs ReadEnvironmentInputs();
Environment InterpretEnvironment(const EnvironmentInputs &inputs);
// InterpretEnvironment(ReadEnvironmentInputs()), with the compiled-in ABI.
Environment DetectEnvironment();

// "x86_64, LP64, little-endian, 64-bit off_t": what this binary was built for.
std::string CompiledAbi();

// This process's PlatformFacts with the environment's tags: what the profile
// rules see.
PlatformFacts FactsOf(const Environment &environment);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_RUN_ENVIRONMENT_H_
