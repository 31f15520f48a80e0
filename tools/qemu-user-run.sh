#!/usr/bin/env bash
# tools/qemu-user-run.sh - run a static conformance report built for another
# architecture under qemu-user: the host's kernel, seen through QEMU's
# translation of the guest's system calls. Fast (seconds), but what it checks
# is QEMU's emulation, not a kernel of that architecture: compare the run with
# the emulator's baseline (conformance/baselines/qemu-user-ARCH.txt).
#
# Usage: tools/qemu-user-run.sh --arch ARCH --report BIN [--page-size BYTES] [-- REPORT_ARGS]
#   --arch ARCH        aarch64, armhf, i686, ppc64le, s390x, riscv64 or x86_64
#   --report BIN       the static report built for ARCH:
#                        bazel build --config=ARCH //conformance:report_static
#   --page-size BYTES  the page size QEMU tells the guest (qemu -p); default the
#                      host's. QEMU still maps with the host's pages underneath, so
#                      a size larger than the host's is not emulated faithfully.
# REPORT_ARGS go to the report, e.g. --baseline FILE, --json FILE, --only GLOB.
#
# Exit: the report's status (0 no FAIL, or as its baseline lists; 1 otherwise;
# 2 its usage error), or 2 for bad input here (unknown arch, qemu-user missing,
# a report that is not a static executable for ARCH).
set -euo pipefail

die() {
	printf 'qemu-user-run: ERROR: %s\n' "$*" >&2
	exit 2
}
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

ARCH=""
REPORT=""
PAGE_SIZE=""
while [ $# -gt 0 ]; do
	case $1 in
	--arch) ARCH=${2:?--arch needs an architecture}; shift 2 ;;
	--report) REPORT=${2:?--report needs a binary}; shift 2 ;;
	--page-size) PAGE_SIZE=${2:?--page-size needs a size in bytes}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	*) die "unknown option '$1' (see --help; the report's own options go after --)" ;;
	esac
done

# The qemu-user binary and what `readelf -h` says of a binary for ARCH.
case $ARCH in
aarch64) QEMU=qemu-aarch64 MACHINE="AArch64" CLASS=ELF64 ;;
armhf) QEMU=qemu-arm MACHINE="ARM" CLASS=ELF32 ;;
i686) QEMU=qemu-i386 MACHINE="Intel 80386" CLASS=ELF32 ;;
ppc64le) QEMU=qemu-ppc64le MACHINE="PowerPC64" CLASS=ELF64 ;;
s390x) QEMU=qemu-s390x MACHINE="IBM S/390" CLASS=ELF64 ;;
riscv64) QEMU=qemu-riscv64 MACHINE="RISC-V" CLASS=ELF64 ;;
x86_64) QEMU=qemu-x86_64 MACHINE="Advanced Micro Devices X86-64" CLASS=ELF64 ;;
"") die "--arch is required: aarch64, armhf, i686, ppc64le, s390x, riscv64 or x86_64" ;;
*) die "unknown arch '$ARCH': aarch64, armhf, i686, ppc64le, s390x, riscv64 or x86_64" ;;
esac
case $PAGE_SIZE in
"" | 4096 | 8192 | 16384 | 32768 | 65536) ;;
*) die "--page-size '$PAGE_SIZE': a power of two from 4096 to 65536" ;;
esac

command -v "$QEMU" >/dev/null || die "$QEMU not found: install the Debian package qemu-user (tools/bootstrap.sh does)"
command -v readelf >/dev/null || die "readelf not found: install binutils"
[ -n "$REPORT" ] || die "--report is required: bazel build --config=$ARCH //conformance:report_static"
[ -f "$REPORT" ] || die "report binary '$REPORT' does not exist"
header=$(readelf -h "$REPORT" 2>/dev/null) || die "'$REPORT' is not an ELF file"
grep -q "Class: *$CLASS\$" <<<"$header" && grep -q "Machine: *$MACHINE\$" <<<"$header" ||
	die "'$REPORT' is not a $ARCH executable (readelf says: $(sed -n 's/^ *Machine: *//p' <<<"$header")): build it with --config=$ARCH"
if readelf -l "$REPORT" 2>/dev/null | grep -q "INTERP"; then
	die "'$REPORT' is dynamically linked: qemu-user runs it only with the $ARCH libraries; use //conformance:report_static"
fi

qemu_args=()
[ -z "$PAGE_SIZE" ] || qemu_args+=(-p "$PAGE_SIZE")
# QEMU writes a core file for every guest process a signal kills (the report's
# faulting children, on purpose) unless core dumps are off; it also says so on
# stderr, one line each: noise, the report says what each row saw.
ulimit -c 0
set +e
{ "$QEMU" "${qemu_args[@]}" "$REPORT" "$@" 2>&1 1>&3 3>&- | grep -v '^qemu: uncaught target signal' >&2; } 3>&1
exit "${PIPESTATUS[0]}"
