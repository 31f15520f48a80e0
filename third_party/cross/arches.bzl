"""The foreign architectures mmapkit cross-builds for: one row per --config=ARCH.

The WORKSPACE makes one toolchain repository per row, .bazelrc has one
--config per row, tools/cross.bzl transitions to a row, and tools/bootstrap.sh
installs the packages named here (tools/qemu-user-run.sh knows the same names).
"""

# name: the --config and target suffix (report_static_<name>).
#   triple   Debian's GNU triple: /usr/bin/<triple>-gcc, -g++, -ar, -ld, ...
#   package  the Debian package that provides <triple>-g++ (and pulls in gcc, binutils, libc)
#   abi_bits 32 or 64: the width of pointers, size_t and long in that ABI
ARCHES = {
    "aarch64": struct(
        triple = "aarch64-linux-gnu",
        package = "g++-aarch64-linux-gnu",
        abi_bits = 64,
    ),
    "armhf": struct(
        triple = "arm-linux-gnueabihf",
        package = "g++-arm-linux-gnueabihf",
        abi_bits = 32,
    ),
    "i686": struct(
        triple = "i686-linux-gnu",
        package = "g++-i686-linux-gnu",
        abi_bits = 32,
    ),
    "ppc64le": struct(
        triple = "powerpc64le-linux-gnu",
        package = "g++-powerpc64le-linux-gnu",
        abi_bits = 64,
    ),
    "s390x": struct(
        triple = "s390x-linux-gnu",
        package = "g++-s390x-linux-gnu",
        abi_bits = 64,
    ),
    "riscv64": struct(
        triple = "riscv64-linux-gnu",
        package = "g++-riscv64-linux-gnu",
        abi_bits = 64,
    ),
}

def cross_repository_name(arch):
    """The toolchain repository of arch (used by the WORKSPACE, .bazelrc and tools/cross.bzl)."""
    return "local_config_cross_" + arch

def cross_config_setting(arch):
    """The config_setting (//third_party/cross:<arch>) true in the configuration of arch."""
    return "//third_party/cross:" + arch

def _on(arches, value, default):
    branches = {cross_config_setting(arch): value for arch in arches}
    branches["//conditions:default"] = default
    return select(branches)

def on_32bit_abis(value, default):
    """A select(): value in the configuration of a 32-bit architecture, else default."""
    return _on([arch for arch, spec in ARCHES.items() if spec.abi_bits == 32], value, default)

def on_cross_arches(value, default):
    """A select(): value in the configuration of any architecture here, else default."""
    return _on(ARCHES.keys(), value, default)
