"""The platforms of the conformance matrix.

Each line of MATRIX_CELLS is one cell: a Bazel test in this package (the
report on that platform, judged against its baseline in conformance/baselines)
and a column of tools/platform-matrix.sh, which reads the quoted lines below
(keep one cell per line). The words are tools/matrix-cell.sh's CELL:

    host FS               this machine's kernel, --dir on a fresh FS (root)
    qemu ARCH KERNEL FS   a Debian kernel in QEMU, --dir on FS ("default":
                          Debian's default kernel for ARCH)

A trailing "ci" puts the cell in `bazel test //...`; the others are tagged
manual and run with `bazel test //conformance/matrix:all_cells`.
"""

MATRIX_CELLS = [
    # This machine's kernel; the file systems are made in a private mount namespace.
    "host ext4",
    "host ext2 ci",
    "host ext3",
    "host xfs",
    "host btrfs",
    "host tmpfs",
    "host overlayfs",
    "host fuse",
    "host fuse-direct_io ci",
    # Debian's default kernel (6.1) and the newest 6.12, every guest file system.
    "qemu amd64 default ext4 ci",
    "qemu amd64 default ext2",
    "qemu amd64 default xfs",
    "qemu amd64 default btrfs",
    "qemu amd64 default vfat",
    "qemu amd64 default tmpfs",
    "qemu amd64 default 9p",
    "qemu amd64 default virtiofs",
    "qemu amd64 6.12 ext4",
    "qemu amd64 6.12 ext2",
    "qemu amd64 6.12 xfs ci",
    "qemu amd64 6.12 btrfs",
    "qemu amd64 6.12 vfat",
    "qemu amd64 6.12 tmpfs",
    "qemu amd64 6.12 9p",
    "qemu amd64 6.12 virtiofs",
    # Debian's default kernel of the other architectures, the report cross-built
    # for each: 64 KiB pages (ppc64el), big-endian (s390x), 32-bit (i386, armhf).
    # The others need `tools/bootstrap.d/kernel.sh --all` first.
    "qemu ppc64el default ext4 ci",
    "qemu arm64 default ext4 ci",
    "qemu s390x default ext4",
    "qemu i386 default ext4",
    "qemu armhf default ext4",
]

# The report each architecture's cells run.
_REPORT = {
    "amd64": "//conformance:report_static",
    "arm64": "//conformance:report_static_aarch64",
    "armhf": "//conformance:report_static_armhf",
    "i386": "//conformance:report_static_i686",
    "ppc64el": "//conformance:report_static_ppc64le",
    "s390x": "//conformance:report_static_s390x",
}

# Cross-built reports are for gcc and a static link: cells that run one are
# skipped under --config=asan and fuzz (as //conformance's cross tests are).
_NOT_UNDER_SANITIZERS = select({
    "//conformance:sanitizer": ["//tools:incompatible"],
    "//conditions:default": [],
})

# A guest under TCG boots and runs the report in 10-35 s on an idle machine, many
# times more on a busy one (over 50 s at a load of 38 on 2 cores); the runner's
# limit stays below Bazel's "moderate" (300 s) so that a hung guest is named.
_GUEST_TIMEOUT = struct(runner = "200", bazel = "moderate")

def _cell(words):
    """The cell's name, tags, runner arguments and report of its words."""
    runner = words[0]
    if runner == "host" and len(words) == 2:
        fs = words[1]
        # This machine's kernel is no input Bazel knows: never run elsewhere,
        # never served from a cache.
        return struct(
            name = "host-" + fs,
            tags = ["local", "external", "root", "host-kernel", "fs-" + fs],
            args = [],
            report = _REPORT["amd64"],
            timeout = "short",
            compatible = [],
        )
    if runner == "qemu" and len(words) == 4:
        arch, kernel, fs = words[1], words[2], words[3]
        # Unsandboxed (virtiofsd's socket in /tmp, the kernel cache), but
        # remote-executable on a worker with QEMU and the kernel cache
        # (tools/remote/README.md); the cache's stamp is an input.
        return struct(
            name = "%s-%s-%s" % (arch, kernel, fs),
            tags = ["no-sandbox", "qemu", "arch-" + arch, "kernel-" + kernel, "fs-" + fs],
            args = ["--offline", "--timeout", _GUEST_TIMEOUT.runner],
            report = _REPORT[arch],
            timeout = _GUEST_TIMEOUT.bazel,
            compatible = [] if arch == "amd64" else _NOT_UNDER_SANITIZERS,
        )
    fail("conformance/matrix/cells.bzl: cannot read the cell '%s'" % " ".join(words))

def matrix_cell_tests(cells = MATRIX_CELLS):
    """One sh_test per cell, and the test_suite all_cells of them all."""
    names = []
    for line in cells:
        words = line.split(" ")
        ci = words[-1] == "ci"
        if ci:
            words = words[:-1]
        cell = _cell(words)
        name = cell.name.replace("-", "_").replace(".", "_") + "_test"
        names.append(name)
        native.sh_test(
            name = name,
            size = "medium",
            timeout = cell.timeout,
            srcs = ["//tools:matrix-cell.sh"],
            args = cell.args + ["--report", "$(location %s)" % cell.report] + words,
            data = [
                cell.report,
                "//conformance:baselines",
                "//tools:host-fs-run.sh",
                "//tools:host_fs_runner_data",
                "//tools:platform-run.sh",
                "//tools:qemu_runner_data",
            ],
            tags = cell.tags + ([] if ci else ["manual"]),
            target_compatible_with = cell.compatible,
        )
    native.test_suite(
        name = "all_cells",
        tags = ["manual"],
        tests = names,
    )
