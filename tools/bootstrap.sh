#!/usr/bin/env bash
# tools/bootstrap.sh - install everything mmapkit needs on Debian 12. Idempotent:
# installs only what is missing, runs `apt-get update` only when it has to, says
# what it did, and exits non-zero with a clear message when it cannot.
#
#   tools/bootstrap.sh            install packages (root, or sudo available)
#   tools/bootstrap.sh --check    only report what is missing (exit 1 if anything)
set -euo pipefail

# package            why
PACKAGES=(
  bazel-bootstrap    # Bazel 4.2.3 (WORKSPACE, offline)
  bazel-rules-java   # @rules_java, so Bazel 4 never downloads it
  googletest         # /usr/src/googletest, built by //third_party:googletest.BUILD
  libgtest-dev
  gcc g++ libc6-dev make
  clang              # --config=asan / --config=fuzz
  libclang-rt-14-dev # ASan/UBSan/LSan/libFuzzer/TSan runtimes
  llvm               # llvm-symbolizer: sanitizer reports name functions, and the TSan
                     # suppressions (third_party/clang/tsan_support.c) match by name
  clang-format
  qemu-system-x86    # driver test and amd64 report: boot a Debian kernel under TCG
  qemu-system-arm    # report on Debian's arm64 kernel (armhf: tools/platform-run.sh by hand)
  qemu-system-ppc    # report on Debian's ppc64el kernel (64 KiB pages)
  qemu-system-misc   # report on Debian's s390x kernel (big-endian)
  cpio               # the guests' initramfs (busybox comes from the kernel cache)
  xz-utils zstd      # kernel cache: compressed kernel payloads and modules
  e2fsprogs          # mkfs.ext4: the ext4 disk of the conformance run in QEMU
  # The report's disk rows on more file systems (tools/host-fs-run.sh on loop devices,
  # tools/platform-run.sh --fs on a guest's disk), cells of tools/platform-matrix.sh:
  xfsprogs btrfs-progs dosfstools  # mkfs.xfs, mkfs.btrfs, mkfs.vfat
  bindfs fuse3       # a FUSE file system, with and without -o direct_io
  gnuplot-nox        # benchmark charts
  libboost-dev       # tools/bench_channel: Boost.Interprocess message_queue, a peer measured
  time strace linux-perf # tools/bench-copy.sh --cli --profile: max RSS, system calls, profiles
  zip                # OSS-Fuzz style seed corpus archives
  acl attr           # setfacl, getfattr: ACLs and attributes in //tools/tests:mmapcp_vs_cp_test
  # The conformance report in sandboxes and emulators (//conformance/sandbox:sandbox_test):
  valgrind           # valgrind --tool=none; its client-request header valgrind.h
  libseccomp-dev     # seccomp_launcher, the project's own seccomp sandbox (also the channel without robust futexes)
  bubblewrap         # bwrap: the report in fresh namespaces
  qemu-user          # qemu-ARCH: the report under a user-mode emulator, also cross-built ones
  # Packaging and infrastructure (dist/, tools/remote-cache-check.sh, tools/coverage.sh):
  help2man           # the tools' man pages, generated from their --help (//dist)
  pkgconf man-db     # //dist:install_test: pkg-config against the install, man -l on each page
  nginx              # tools/remote-cache-check.sh: a WebDAV HTTP cache server for Bazel
  llvm-14            # tools/coverage.sh: llvm-profdata-14, llvm-cov-14
  file               # checks that cross-built binaries are static and for the right machine
  # Cross compilers of --config=aarch64, armhf, i686, ppc64le, s390x, riscv64
  # (third_party/cross/arches.bzl names the same packages)
  g++-aarch64-linux-gnu g++-arm-linux-gnueabihf g++-i686-linux-gnu
  g++-powerpc64le-linux-gnu g++-s390x-linux-gnu g++-riscv64-linux-gnu
)

CHECK_ONLY=0
[ "${1:-}" = "--check" ] && CHECK_ONLY=1

say() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: ERROR: %s\n' "$*" >&2; exit 1; }

[ -r /etc/debian_version ] || die "this script supports Debian 12 (bookworm) only; install the packages above by hand"

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  say "all ${#PACKAGES[@]} packages already installed"
elif [ $CHECK_ONLY -eq 1 ]; then
  say "missing: ${missing[*]}"
  exit 1
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  say "installing: ${missing[*]}"
  # Update the package lists first unless they are fresh (less than a day old).
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin -1440 2>/dev/null | head -1)" ]; then
    say "apt-get update (package lists missing or older than a day)"
    $SUDO apt-get update -qq || die "apt-get update failed: no access to the Debian mirror?"
  fi
  if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/mmapkit-bootstrap-apt.log 2>&1; then
    say "install failed; retrying after apt-get update"
    $SUDO apt-get update -qq || die "apt-get update failed: no access to the Debian mirror?"
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/mmapkit-bootstrap-apt.log 2>&1 ||
      { tail -20 /tmp/mmapkit-bootstrap-apt.log >&2; die "apt-get install failed for: ${missing[*]} (log: /tmp/mmapkit-bootstrap-apt.log)"; }
  fi
  say "installed ${#missing[@]} package(s)"
fi

# Bazel: Debian's wrapper needs .bazelversion = 4 (-> /usr/bin/bazel-4).
command -v bazel >/dev/null || die "bazel not on PATH after install"
[ -x /usr/bin/bazel-4 ] || die "/usr/bin/bazel-4 missing: is bazel-bootstrap 4.x installed?"
[ -d /usr/src/googletest/googletest ] || die "/usr/src/googletest missing: googletest package broken?"

# Later stages (kernel packages for the driver test) hook in here.
REPO=$(cd "$(dirname "$0")/.." && pwd)
for hook in "$REPO"/tools/bootstrap.d/*.sh; do
  [ -e "$hook" ] || continue
  say "running ${hook#"$REPO"/}"
  if [ $CHECK_ONLY -eq 1 ]; then bash "$hook" --check; else bash "$hook"; fi
done
say "ready"
