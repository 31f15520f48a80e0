// Detecting the execution environment from inside (see environment.h).
#include "conformance/run/environment.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <sstream>

#include "conformance/posix/fixtures.h"

// valgrind's client-request header (Debian's valgrind package). Cross
// compilers do not see /usr/include; the maps fallback below then applies.
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define MK_HAVE_VALGRIND_H 1
#endif
#endif

#ifndef NS_GET_USERNS
#define NS_GET_USERNS _IO(0xb7, 0x1)  // linux/nsfs.h, Linux >= 4.9
#endif

namespace mk_conformance {

namespace {

// The namespace types the kernel lists in /proc/self/ns, the tag and the name
// a finding uses, and the inode number of the initial namespace where the
// kernel fixes it (include/linux/proc_ns.h; 0 = allocated at boot, except
// since Linux 6.18, which fixes mnt and net too: they are given separately).
struct NamespaceType {
  const char *link;  // "user"
  const char *name;  // "user namespace"
  unsigned long init_ino;
};

constexpr NamespaceType kNamespaces[] = {
    {"user", "user", 0xEFFFFFFDul},     {"mnt", "mount", 0},
    {"pid", "pid", 0xEFFFFFFCul},       {"net", "net", 0},
    {"uts", "uts", 0xEFFFFFFEul},       {"ipc", "ipc", 0xEFFFFFFFul},
    {"cgroup", "cgroup", 0xEFFFFFFBul}, {"time", "time", 0xEFFFFFFAul},
};
// Linux >= 6.18: the initial mount and network namespaces' fixed numbers. Boot-time
// allocation starts at 0xF0000000, so an equal number is the initial namespace on
// any kernel.
constexpr unsigned long kMntInitIno618 = 0xEFFFFFF8ul;
constexpr unsigned long kNetInitIno618 = 0xEFFFFFF9ul;

std::string Slurp(const std::string &path) {
  std::string text;
  return mk_posix::ReadFile(path, &text) ? text : "";
}

std::string Link(const std::string &path) {
  char buf[256];
  ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
  if (n <= 0) return "";
  return std::string(buf, static_cast<size_t>(n));
}

// The inode number in "user:[4026531837]", 0 if none.
unsigned long LinkIno(const std::string &link) {
  size_t open = link.find('[');
  if (open == std::string::npos) return 0;
  return std::strtoul(link.c_str() + open + 1, nullptr, 10);
}

// "Field:\tvalue" of /proc/self/status; "" when absent.
std::string StatusField(const std::string &status, const std::string &field) {
  std::istringstream in(status);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, field.size() + 1, field + ":") != 0) continue;
    size_t start = line.find_first_not_of(" \t", field.size() + 1);
    return start == std::string::npos ? "" : line.substr(start);
  }
  return "";
}

// The first path in a maps listing whose file name starts with prefix.
std::string MappedFile(const std::string &maps, const std::string &prefix) {
  std::istringstream in(maps);
  std::string line;
  while (std::getline(in, line)) {
    size_t slash = line.find('/');
    if (slash == std::string::npos) continue;
    std::string path = line.substr(slash);
    std::string name = path.substr(path.rfind('/') + 1);
    if (name.compare(0, prefix.size(), prefix) == 0) return path;
  }
  return "";
}

// A path in a maps listing under a directory named valgrind (its tool).
std::string ValgrindTool(const std::string &maps) {
  std::istringstream in(maps);
  std::string line;
  while (std::getline(in, line)) {
    size_t at = line.find("/valgrind/");
    if (at == std::string::npos) continue;
    size_t slash = line.find('/');
    return line.substr(slash);
  }
  return "";
}

void Add(Environment *env, const std::string &tag, const std::string &what,
         const std::string &how) {
  env->findings.push_back({tag, what, how});
}

void DetectNamespaces(const EnvironmentInputs &in, Environment *env) {
  for (const NamespaceType &type : kNamespaces) {
    auto self = in.ns_self.find(type.link);
    if (self == in.ns_self.end() || self->second.empty()) continue;
    const std::string &link = self->second;
    const unsigned long ino = LinkIno(link);
    const std::string tag = std::string(type.name) + "-namespace";
    const std::string what = std::string(type.name) + " namespace";
    const std::string where = "/proc/self/ns/" + std::string(type.link) + " is " + link;
    if (type.init_ino != 0) {
      if (ino != type.init_ino) {
        Add(env, tag, what,
            where + ", not the initial " + type.link + ":[" + std::to_string(type.init_ino) + "]");
      }
      continue;
    }
    const unsigned long fixed = std::string(type.link) == "mnt" ? kMntInitIno618 : kNetInitIno618;
    if (ino == fixed) continue;
    auto init = in.ns_init.find(type.link);
    if (init != in.ns_init.end() && !init->second.empty()) {
      if (init->second != link) Add(env, tag, what, where + ", pid 1's is " + init->second);
      continue;
    }
    auto owner = in.ns_owner.find(type.link);
    if (owner != in.ns_owner.end() && !owner->second.empty() &&
        LinkIno(owner->second) != kNamespaces[0].init_ino) {
      Add(env, tag, what,
          where + ", owned by " + owner->second + " (not the initial user namespace)");
    }
    // Otherwise it cannot be told from inside: say nothing.
  }
  if (env->Has("user-namespace") && !in.uid_map.empty()) {
    std::string map = in.uid_map;
    while (!map.empty() && map.back() == '\n') map.pop_back();
    // Collapse the column padding: "0 0 1".
    std::istringstream words(map);
    std::string word, compact;
    while (words >> word) compact += (compact.empty() ? "" : " ") + word;
    for (EnvironmentFinding &f : env->findings) {
      if (f.tag == "user-namespace") f.how += "; /proc/self/uid_map: " + compact;
    }
  }
}

// A container: its runtime bind-mounts the container's own /etc/hostname,
// /etc/hosts and /etc/resolv.conf from its state directory, or names itself
// in the cgroup path or in $container. Marker files (/.dockerenv) alone do
// not count: a VM booted from a container image keeps them, and so does any
// sandbox that binds the host's root.
void DetectContainer(const EnvironmentInputs &in, Environment *env) {
  std::vector<std::string> evidence;
  std::istringstream mounts(in.mountinfo);
  std::string line;
  while (std::getline(mounts, line)) {
    // "36 35 98:0 ROOT MOUNTPOINT ...": fields 4 and 5.
    std::istringstream fields(line);
    std::string id, parent, dev, root, point;
    if (!(fields >> id >> parent >> dev >> root >> point)) continue;
    if (point != "/etc/hostname" && point != "/etc/hosts" && point != "/etc/resolv.conf") continue;
    for (const char *state : {"/containers/", "/kubelet/", "/containerd/"}) {
      if (root.find(state) == std::string::npos) continue;
      evidence.push_back("/proc/self/mountinfo: " + point + " is mounted from " + root);
      break;
    }
    if (!evidence.empty()) break;
  }
  for (const char *runtime :
       {"/docker/", "/docker-", "/kubepods", "/lxc/", "/libpod-", "/containerd"}) {
    size_t at = in.cgroup.find(runtime);
    if (at == std::string::npos) continue;
    size_t begin = in.cgroup.rfind('\n', at);
    begin = begin == std::string::npos ? 0 : begin + 1;
    evidence.push_back("/proc/self/cgroup: " +
                       in.cgroup.substr(begin, in.cgroup.find('\n', at) - begin));
    break;
  }
  if (!in.container_env.empty())
    evidence.push_back("container=" + in.container_env + " in the environment");
  if (evidence.empty()) return;
  std::string how;
  for (const std::string &e : evidence) how += (how.empty() ? "" : "; ") + e;
  for (const std::string &mark : in.container_marks) how += "; " + mark;
  Add(env, "container", "container", how);
}

}  // namespace

bool Environment::Has(const std::string &tag) const {
  for (const EnvironmentFinding &f : findings) {
    if (f.tag == tag) return true;
  }
  return false;
}

std::vector<std::string> Environment::Tags() const {
  std::vector<std::string> tags;
  for (const EnvironmentFinding &f : findings) tags.push_back(f.tag);
  return tags;
}

std::string Environment::Summary() const {
  std::string text;
  for (const EnvironmentFinding &f : findings) text += (text.empty() ? "" : "; ") + f.what;
  return text;
}

std::string CompiledAbi() {
#if defined(__x86_64__) && defined(__ILP32__)
  const char *arch = "x32";
#elif defined(__x86_64__)
  const char *arch = "x86_64";
#elif defined(__i386__)
  const char *arch = "i386";
#elif defined(__aarch64__)
  const char *arch = "aarch64";
#elif defined(__arm__)
  const char *arch = "arm";
#elif defined(__powerpc64__)
  const char *arch = "ppc64";
#elif defined(__powerpc__)
  const char *arch = "ppc";
#elif defined(__s390x__)
  const char *arch = "s390x";
#elif defined(__riscv)
  const char *arch = "riscv";
#elif defined(__mips__)
  const char *arch = "mips";
#else
  const char *arch = "unknown architecture";
#endif
  const PlatformFacts facts = ThisPlatform();
  return std::string(arch) + (facts.abi_bits == 64 ? ", LP64" : ", ILP32") +
         (facts.big_endian ? ", big-endian" : ", little-endian") + ", " +
         std::to_string(sizeof(off_t) * 8) + "-bit off_t";
}

PlatformFacts FactsOf(const Environment &environment) {
  PlatformFacts facts = ThisPlatform();
  facts.environment = environment.Tags();
  return facts;
}

EnvironmentInputs ReadEnvironmentInputs() {
  EnvironmentInputs in;
#ifdef MK_HAVE_VALGRIND_H
  in.valgrind_client_request = RUNNING_ON_VALGRIND ? "yes" : "no";
#endif
  in.task_maps_path = "/proc/self/task/" + std::to_string(syscall(SYS_gettid)) + "/maps";
  in.task_maps = Slurp(in.task_maps_path);
  in.status = Slurp("/proc/self/status");
  if (StatusField(in.status, "Seccomp").empty()) in.prctl_seccomp = prctl(PR_GET_SECCOMP);
  for (const NamespaceType &type : kNamespaces) {
    in.ns_self[type.link] = Link(std::string("/proc/self/ns/") + type.link);
  }
  // Pid 1 is the system's init only in the initial pid namespace.
  if (LinkIno(in.ns_self["pid"]) == kNamespaces[2].init_ino) {
    for (const char *link : {"mnt", "net"})
      in.ns_init[link] = Link(std::string("/proc/1/ns/") + link);
  }
  for (const char *link : {"mnt", "net"}) {
    // Only where nothing else tells (valgrind warns about this ioctl).
    const unsigned long fixed = std::string(link) == "mnt" ? kMntInitIno618 : kNetInitIno618;
    if (LinkIno(in.ns_self[link]) == fixed || !in.ns_init[link].empty()) continue;
    int fd = open((std::string("/proc/self/ns/") + link).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    int owner = ioctl(fd, NS_GET_USERNS);
    if (owner >= 0) {
      in.ns_owner[link] = Link("/proc/self/fd/" + std::to_string(owner));
      close(owner);
    }
    close(fd);
  }
  in.uid_map = Slurp("/proc/self/uid_map");
  struct stat st;
  for (const char *marker : {"/.dockerenv", "/run/.containerenv"}) {
    if (stat(marker, &st) == 0) in.container_marks.push_back(std::string(marker) + " exists");
  }
  const char *container = std::getenv("container");
  if (container != nullptr) in.container_env = container;
  in.mountinfo = Slurp("/proc/self/mountinfo");
  in.cgroup = Slurp("/proc/self/cgroup");
  struct utsname u;
  if (uname(&u) == 0) in.uname_version = u.version;
  return in;
}

Environment InterpretEnvironment(const EnvironmentInputs &in) {
  Environment env;
  const std::string vg_tool = ValgrindTool(in.task_maps);
  if (in.valgrind_client_request == "yes") {
    Add(&env, "valgrind", "valgrind", "RUNNING_ON_VALGRIND client request (valgrind.h)");
  } else if (!vg_tool.empty()) {
    Add(&env, "valgrind", "valgrind", in.task_maps_path + " maps " + vg_tool);
  }
  const std::string qemu = MappedFile(in.task_maps, "qemu-");
  if (!qemu.empty()) {
    Add(&env, "qemu-user", "qemu-user (" + qemu.substr(qemu.rfind('/') + 1) + ")",
        in.task_maps_path + " maps " + qemu + " (qemu-user hides it from /proc/self/maps only)");
  }
  std::string mode = StatusField(in.status, "Seccomp");
  std::string how = "/proc/self/status: Seccomp: " + mode;
  if (mode.empty() && in.prctl_seccomp >= 0) {
    mode = std::to_string(in.prctl_seccomp);
    how = "prctl(PR_GET_SECCOMP) = " + mode;
  }
  if (mode == "2") {
    std::string filters = StatusField(in.status, "Seccomp_filters");
    std::string what = "seccomp filter";
    if (!filters.empty()) {
      what += " (" + filters + (filters == "1" ? " filter)" : " filters)");
      how += ", Seccomp_filters: " + filters;
    }
    Add(&env, "seccomp", what, how);
  } else if (mode == "1") {
    Add(&env, "seccomp", "seccomp strict mode", how);
  }
  DetectNamespaces(in, &env);
  DetectContainer(in, &env);
  // gVisor reports a fixed, made-up kernel build (pkg/sentry/syscalls/linux).
  if (in.uname_version == "#1 SMP Sun Jan 10 15:06:54 PST 2016") {
    Add(&env, "gvisor", "gVisor", "uname -v is gVisor's fixed \"" + in.uname_version + "\"");
  }
  return env;
}

Environment DetectEnvironment() {
  Environment env = InterpretEnvironment(ReadEnvironmentInputs());
  env.abi = CompiledAbi();
  return env;
}

}  // namespace mk_conformance
