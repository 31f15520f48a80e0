// Where the report runs: each detection from the facts it reads (valgrind,
// qemu-user, seccomp, namespaces, containers, gVisor), nothing when they are
// absent, and the detection on this machine agreeing with its own /proc.
#include "conformance/run/environment.h"

#include <string>

#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

// A process in the initial namespaces, without filters or translators.
EnvironmentInputs Native() {
  EnvironmentInputs in;
  in.valgrind_client_request = "no";
  in.task_maps_path = "/proc/self/task/42/maps";
  in.task_maps =
      "55d0c0a00000-55d0c0a2a000 r--p 00000000 fe:00 123 /usr/bin/report\n"
      "7f0000000000-7f0000001000 rw-p 00000000 00:00 0 \n"
      "7ffd1a000000-7ffd1a021000 rw-p 00000000 00:00 0 [stack]\n";
  in.status = "Name:\treport\nSeccomp:\t0\nSeccomp_filters:\t0\n";
  in.ns_self = {{"user", "user:[4026531837]"},     {"mnt", "mnt:[4026531841]"},
                {"pid", "pid:[4026531836]"},       {"net", "net:[4026531840]"},
                {"uts", "uts:[4026531838]"},       {"ipc", "ipc:[4026531839]"},
                {"cgroup", "cgroup:[4026531835]"}, {"time", "time:[4026531834]"}};
  in.ns_init = {{"mnt", "mnt:[4026531841]"}, {"net", "net:[4026531840]"}};
  in.uid_map = "         0          0 4294967295\n";
  in.mountinfo = "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n";
  in.cgroup = "0::/user.slice/session-1.scope\n";
  in.uname_version = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)";
  return in;
}

TEST(Environment, NothingIsReportedWhenNothingIsThere) {
  Environment env = InterpretEnvironment(Native());
  EXPECT_TRUE(env.findings.empty()) << env.Summary();
  EXPECT_EQ("", env.Summary());
  // Marker files alone (a VM booted from a container image) are not a container.
  EnvironmentInputs in = Native();
  in.container_marks = {"/.dockerenv exists"};
  EXPECT_TRUE(InterpretEnvironment(in).findings.empty()) << InterpretEnvironment(in).Summary();
  // Linux >= 6.18 numbers the initial mount and net namespaces like the others.
  in.ns_self["mnt"] = "mnt:[4026531832]";
  in.ns_self["net"] = "net:[4026531833]";
  in.ns_init.clear();
  EXPECT_TRUE(InterpretEnvironment(in).findings.empty()) << InterpretEnvironment(in).Summary();
}

TEST(Environment, ValgrindByClientRequestOrByItsMappedTool) {
  EnvironmentInputs in = Native();
  in.valgrind_client_request = "yes";
  Environment env = InterpretEnvironment(in);
  ASSERT_EQ(1u, env.findings.size());
  EXPECT_EQ("valgrind", env.findings[0].tag);
  EXPECT_EQ("RUNNING_ON_VALGRIND client request (valgrind.h)", env.findings[0].how);
  // Built without valgrind.h (a cross compiler): the tool's mapping tells.
  in.valgrind_client_request = "";
  in.task_maps +=
      "58000000-58001000 r--p 00000000 fe:00 9 /usr/libexec/valgrind/none-amd64-linux\n";
  env = InterpretEnvironment(in);
  ASSERT_EQ(1u, env.findings.size());
  EXPECT_EQ("/proc/self/task/42/maps maps /usr/libexec/valgrind/none-amd64-linux",
            env.findings[0].how);
  EXPECT_TRUE(env.Has("valgrind"));
}

TEST(Environment, QemuUserByItsMappingInTheTaskMaps) {
  EnvironmentInputs in = Native();
  in.task_maps +=
      "55c7ee956000-55c7ee9c2000 r-xp 0006c000 fe:00 10977558   /usr/bin/qemu-aarch64\n";
  Environment env = InterpretEnvironment(in);
  ASSERT_EQ(1u, env.findings.size());
  EXPECT_EQ("qemu-user", env.findings[0].tag);
  EXPECT_EQ("qemu-user (qemu-aarch64)", env.findings[0].what);
  EXPECT_EQ(0u, env.findings[0].how.find("/proc/self/task/42/maps maps /usr/bin/qemu-aarch64"));
}

TEST(Environment, SeccompFilterFromStatusOrPrctl) {
  EnvironmentInputs in = Native();
  in.status = "Name:\treport\nSeccomp:\t2\nSeccomp_filters:\t3\n";
  Environment env = InterpretEnvironment(in);
  ASSERT_EQ(1u, env.findings.size());
  EXPECT_EQ("seccomp", env.findings[0].tag);
  EXPECT_EQ("seccomp filter (3 filters)", env.findings[0].what);
  EXPECT_EQ("/proc/self/status: Seccomp: 2, Seccomp_filters: 3", env.findings[0].how);
  in.status = "Seccomp:\t2\nSeccomp_filters:\t1\n";
  EXPECT_EQ("seccomp filter (1 filter)", InterpretEnvironment(in).findings[0].what);
  // No /proc (a busybox guest): prctl answers.
  in.status = "";
  in.prctl_seccomp = 2;
  env = InterpretEnvironment(in);
  ASSERT_EQ(1u, env.findings.size());
  EXPECT_EQ("seccomp filter", env.findings[0].what);
  EXPECT_EQ("prctl(PR_GET_SECCOMP) = 2", env.findings[0].how);
  in.prctl_seccomp = 0;
  EXPECT_TRUE(InterpretEnvironment(in).findings.empty());
}

TEST(Environment, BubblewrapsNamespacesEachWithHowItWasSeen) {
  // bwrap --unshare-all: everything new, pid 1 is bwrap's (so not asked).
  EnvironmentInputs in = Native();
  in.ns_self = {{"user", "user:[4026532201]"},     {"mnt", "mnt:[4026532202]"},
                {"pid", "pid:[4026532205]"},       {"net", "net:[4026532207]"},
                {"uts", "uts:[4026532203]"},       {"ipc", "ipc:[4026532204]"},
                {"cgroup", "cgroup:[4026532206]"}, {"time", "time:[4026531834]"}};
  in.ns_init.clear();
  in.ns_owner = {{"mnt", "user:[4026532201]"}, {"net", "user:[4026532201]"}};
  in.uid_map = "         0          0          1\n";
  in.container_marks = {"/.dockerenv exists"};  // the host's, bound in: still no container
  Environment env = InterpretEnvironment(in);
  std::string tags;
  for (const std::string &tag : env.Tags()) tags += tag + " ";
  EXPECT_EQ(
      "user-namespace mount-namespace pid-namespace net-namespace uts-namespace "
      "ipc-namespace cgroup-namespace ",
      tags);
  EXPECT_EQ(
      "/proc/self/ns/user is user:[4026532201], not the initial user:[4026531837]; "
      "/proc/self/uid_map: 0 0 1",
      env.findings[0].how);
  EXPECT_EQ(
      "/proc/self/ns/mnt is mnt:[4026532202], owned by user:[4026532201] (not the initial "
      "user namespace)",
      env.findings[1].how);
  // A mount namespace of the initial user namespace, seen against pid 1's.
  in = Native();
  in.ns_self["mnt"] = "mnt:[4026532300]";
  env = InterpretEnvironment(in);
  ASSERT_EQ(1u, env.findings.size());
  EXPECT_EQ("/proc/self/ns/mnt is mnt:[4026532300], pid 1's is mnt:[4026531841]",
            env.findings[0].how);
  // Neither pid 1 nor the owner tells: nothing is claimed.
  in.ns_init.clear();
  in.ns_owner = {{"mnt", "user:[4026531837]"}};
  EXPECT_TRUE(InterpretEnvironment(in).findings.empty());
}

TEST(Environment, ContainersByTheirRuntimesMountsCgroupOrVariable) {
  EnvironmentInputs in = Native();
  in.mountinfo +=
      "612 600 254:0 /var/lib/docker/containers/0123abcd/hostname /etc/hostname rw - ext4 /dev/vda "
      "rw\n";
  in.container_marks = {"/.dockerenv exists"};
  Environment env = InterpretEnvironment(in);
  ASSERT_EQ(1u, env.findings.size());
  EXPECT_EQ("container", env.findings[0].tag);
  EXPECT_EQ(
      "/proc/self/mountinfo: /etc/hostname is mounted from "
      "/var/lib/docker/containers/0123abcd/hostname; /.dockerenv exists",
      env.findings[0].how);
  in = Native();
  in.cgroup = "12:pids:/kubepods/burstable/pod1/abc\n0::/\n";
  EXPECT_EQ("/proc/self/cgroup: 12:pids:/kubepods/burstable/pod1/abc",
            InterpretEnvironment(in).findings.at(0).how);
  in = Native();
  in.container_env = "systemd-nspawn";
  EXPECT_EQ("container=systemd-nspawn in the environment",
            InterpretEnvironment(in).findings.at(0).how);
}

TEST(Environment, GvisorByItsFixedKernelBuild) {
  EnvironmentInputs in = Native();
  in.uname_version = "#1 SMP Sun Jan 10 15:06:54 PST 2016";
  Environment env = InterpretEnvironment(in);
  ASSERT_EQ(1u, env.findings.size());
  EXPECT_EQ("gvisor", env.findings[0].tag);
}

TEST(Environment, CompiledAbiNamesPointerWidthByteOrderAndOffT) {
  std::string abi = CompiledAbi();
  EXPECT_NE(std::string::npos, abi.find(sizeof(void *) == 8 ? ", LP64, " : ", ILP32, ")) << abi;
  EXPECT_NE(std::string::npos, abi.find(std::to_string(sizeof(off_t) * 8) + "-bit off_t")) << abi;
  EXPECT_EQ(abi, DetectEnvironment().abi);
}

TEST(Environment, ThisMachinesSeccompFindingAgreesWithItsStatus) {
  EnvironmentInputs in = ReadEnvironmentInputs();
  ASSERT_FALSE(in.status.empty()) << "no /proc/self/status";
  bool filtered = in.status.find("Seccomp:\t2") != std::string::npos;
  EXPECT_EQ(filtered, InterpretEnvironment(in).Has("seccomp"));
  EXPECT_FALSE(in.ns_self["user"].empty());
  EXPECT_FALSE(in.task_maps.empty());
}

}  // namespace
}  // namespace mk_conformance
