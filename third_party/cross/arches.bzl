"""The foreign architectures mmapkit cross-builds for: one row per --config=ARCH.

Everything per-architecture reads this table: the WORKSPACE (one toolchain
repository per row), tools/cross.bzl (the transition to an ARCH), and the
qemu-user tests. tools/bootstrap.sh installs the packages named here.
"""

# name: the --config and target suffix (report_static_<name>).
#   triple   Debian's GNU triple: /usr/bin/<triple>-gcc, -g++, -ar, -ld, ...
#   package  the Debian package that provides <triple>-g++ (and pulls in gcc, binutils, libc)
#   qemu     the qemu-user binary that runs it (Debian package qemu-user)
#   machine  what `uname -m` says under that qemu-user (and on a real kernel)
ARCHES = {
    "aarch64": struct(
        triple = "aarch64-linux-gnu",
        package = "g++-aarch64-linux-gnu",
        qemu = "qemu-aarch64",
        machine = "aarch64",
    ),
    "armhf": struct(
        triple = "arm-linux-gnueabihf",
        package = "g++-arm-linux-gnueabihf",
        qemu = "qemu-arm",
        machine = "armv7l",
    ),
    "i686": struct(
        triple = "i686-linux-gnu",
        package = "g++-i686-linux-gnu",
        qemu = "qemu-i386",
        machine = "i686",
    ),
    "ppc64le": struct(
        triple = "powerpc64le-linux-gnu",
        package = "g++-powerpc64le-linux-gnu",
        qemu = "qemu-ppc64le",
        machine = "ppc64le",
    ),
    "s390x": struct(
        triple = "s390x-linux-gnu",
        package = "g++-s390x-linux-gnu",
        qemu = "qemu-s390x",
        machine = "s390x",
    ),
    "riscv64": struct(
        triple = "riscv64-linux-gnu",
        package = "g++-riscv64-linux-gnu",
        qemu = "qemu-riscv64",
        machine = "riscv64",
    ),
}

def cross_repository_name(arch):
    """The toolchain repository of arch (used by the WORKSPACE, .bazelrc and tools/cross.bzl)."""
    return "local_config_cross_" + arch
