"""The foreign architectures mmapkit cross-builds for: one row per --config=ARCH.

The WORKSPACE makes one toolchain repository per row, .bazelrc has one
--config per row, tools/cross.bzl transitions to a row, and tools/bootstrap.sh
installs the packages named here (tools/qemu-user-run.sh knows the same names).
"""

# name: the --config and target suffix (report_static_<name>).
#   triple   Debian's GNU triple: /usr/bin/<triple>-gcc, -g++, -ar, -ld, ...
#   package  the Debian package that provides <triple>-g++ (and pulls in gcc, binutils, libc)
ARCHES = {
    "aarch64": struct(
        triple = "aarch64-linux-gnu",
        package = "g++-aarch64-linux-gnu",
    ),
    "armhf": struct(
        triple = "arm-linux-gnueabihf",
        package = "g++-arm-linux-gnueabihf",
    ),
    "i686": struct(
        triple = "i686-linux-gnu",
        package = "g++-i686-linux-gnu",
    ),
    "ppc64le": struct(
        triple = "powerpc64le-linux-gnu",
        package = "g++-powerpc64le-linux-gnu",
    ),
    "s390x": struct(
        triple = "s390x-linux-gnu",
        package = "g++-s390x-linux-gnu",
    ),
    "riscv64": struct(
        triple = "riscv64-linux-gnu",
        package = "g++-riscv64-linux-gnu",
    ),
}

def cross_repository_name(arch):
    """The toolchain repository of arch (used by the WORKSPACE, .bazelrc and tools/cross.bzl)."""
    return "local_config_cross_" + arch
