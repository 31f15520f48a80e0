#!/usr/bin/env bash
# tools/qemu-driver-test.sh - test the /dev/mymap kernel driver (driver/) in
# QEMU on a Debian 12 kernel (amd64).
#
# Builds driver/mymap.ko against the cached Debian kernel headers and
# driver/test/mymap_test.c as a static binary, packs both with busybox into
# an initramfs, boots the kernel (TCG), runs the test once per mapping mode
# (vm_insert_page, remap_pfn_range), and checks the kernel log for
# WARNING/BUG/Oops/Call Trace/UBSAN/KASAN and unexpected taint. With --fuzz,
# driver/test/mymap_fuzz.c also runs in each mode (random operations from
# several processes, every promise of driver/mymap.h checked).
# (The conformance report on any kernel and architecture: tools/platform-run.sh.)
#
# Usage: tools/qemu-driver-test.sh [options]
#   --kernel SPEC       Debian kernel package or release (see
#                       tools/kernel-cache.sh --help), e.g. 6.12 for the newest
#                       linux-image-6.12-amd64; default: linux-image-amd64
#   --driver-dir DIR    module sources to test (default: driver/); the user
#                       test is always driver/test/mymap_test.c
#   --accel tcg|kvm|auto  default tcg; auto boots with KVM and falls back to
#                       TCG when no guest output shows up within 20 s
#   --fuzz SEC          also run the fuzzer, SEC seconds in all (half per mode)
#   --skip-test         run only the fuzzer (what it catches on its own)
#   --fuzz-seed N       the fuzzer's seed (its output names the one it used)
#   --timeout SEC       limit for the guest run (default 120)
#   --offline           never download: the kernel must be in the cache
#                       (tools/bootstrap.sh fills it)
#   --kernel-tree DIR   a built kernel tree instead of a Debian kernel, e.g.
#                       from tools/build-debug-kernel.sh (KASAN + lockdep);
#                       also $MMAPKIT_KERNEL_TREE (unless --kernel is given)
#   --work DIR          keep build products, initramfs and logs in DIR
#                       (default: a temporary directory, or $TEST_TMPDIR)
#
# Exit: 0 PASS, 1 FAIL, 124 timeout, 2 setup error (message says what to do).
set -euo pipefail

if [ -n "${TEST_SRCDIR:-}" ]; then # under bazel test: the runfiles tree
	REPO=$TEST_SRCDIR/${TEST_WORKSPACE:-mmapkit}
else
	REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fi
DRIVER_DIR=$REPO/driver
TEST_SRC=$REPO/driver/test/mymap_test.c
FUZZ_SRC=$REPO/driver/test/mymap_fuzz.c
KERNEL_SPEC=""
TIMEOUT=120
OFFLINE=0
KERNEL_TREE=${MMAPKIT_KERNEL_TREE:-}
WORK=""
FUZZ_S=0
FUZZ_SEED=""
SKIP_TEST=0
ARCH=amd64
START=$SECONDS

log() { printf '[%4ss] %s\n' "$((SECONDS - START))" "$*" >&2; }
die() {
	log "SETUP ERROR: $*"
	exit 2
}
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) KERNEL_SPEC=${2:?--kernel needs a package or release}; shift 2 ;;
	--driver-dir) DRIVER_DIR=${2:?--driver-dir needs a directory}; shift 2 ;;
	--accel) GUEST_ACCEL=${2:?--accel needs tcg, kvm or auto}; shift 2 ;;
	--timeout) TIMEOUT=${2:?--timeout needs seconds}; shift 2 ;;
	--fuzz) FUZZ_S=${2:?--fuzz needs seconds}; shift 2 ;;
	--skip-test) SKIP_TEST=1; shift ;;
	--fuzz-seed) FUZZ_SEED=${2:?--fuzz-seed needs a number}; shift 2 ;;
	--offline) OFFLINE=1; shift ;;
	--kernel-tree) KERNEL_TREE=${2:?--kernel-tree needs a directory}; shift 2 ;;
	--work) WORK=${2:?--work needs a directory}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done
case ${GUEST_ACCEL:-tcg} in tcg | kvm | auto) ;; *) die "--accel must be tcg, kvm or auto" ;; esac
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout needs whole seconds"
[[ $FUZZ_S =~ ^[0-9]+$ ]] && { [ "$FUZZ_S" -eq 0 ] || [ "$FUZZ_S" -ge 2 ]; } ||
	die "--fuzz needs whole seconds, at least 2 (one per mapping mode)"
[ $SKIP_TEST -eq 0 ] || [ "$FUZZ_S" -gt 0 ] || die "--skip-test without --fuzz runs nothing"
[ -z "$FUZZ_SEED" ] || [[ $FUZZ_SEED =~ ^[0-9]+$ ]] || die "--fuzz-seed needs a number, got '$FUZZ_SEED'"
[ "$FUZZ_S" -lt "$TIMEOUT" ] || die "--fuzz $FUZZ_S does not fit in --timeout $TIMEOUT"
[ -f "$DRIVER_DIR/Kbuild" ] || die "--driver-dir $DRIVER_DIR has no Kbuild"
[ -f "$TEST_SRC" ] || die "missing user test $TEST_SRC"
if [ -n "$KERNEL_SPEC" ] && [ -n "$KERNEL_TREE" ]; then
	[ "$KERNEL_TREE" = "${MMAPKIT_KERNEL_TREE:-}" ] || die "--kernel and --kernel-tree exclude each other"
	KERNEL_TREE="" # an explicit --kernel wins over $MMAPKIT_KERNEL_TREE
fi

# Tools: Bazel's strict action environment has no /sbin on PATH.
PATH=$PATH:/usr/sbin:/sbin
for t in make gcc cpio gzip timeout readelf tar; do
	command -v "$t" >/dev/null || die "'$t' not found: run tools/bootstrap.sh"
done
# shellcheck source=tools/qemu-guest.sh
. "$REPO/tools/qemu-guest.sh"
guest_machine

# --- stage 1: the kernel --------------------------------------------------------
if [ -n "$KERNEL_TREE" ]; then
	KDIR=$(cd "$KERNEL_TREE" 2>/dev/null && pwd) || die "--kernel-tree $KERNEL_TREE does not exist"
	KERNEL=$KDIR/arch/x86/boot/bzImage # a KASAN vmlinux does not boot through PVH
	[ -f "$KERNEL" ] && [ -f "$KDIR/Module.symvers" ] ||
		die "$KDIR is not a built kernel tree (needs arch/x86/boot/bzImage and Module.symvers; see tools/build-debug-kernel.sh)"
	# Its virtio drivers are built in; busybox comes from the default kernel's cache entry.
	BUSYBOX=$(bash "$REPO/tools/kernel-cache.sh" print --arch amd64 | sed -n 's/^BUSYBOX=//p') ||
		die "no cached busybox for amd64: run tools/bootstrap.sh"
	log "kernel: built tree $KDIR"
else
	kargs=(--arch amd64 --headers)
	[ -z "$KERNEL_SPEC" ] || kargs+=(--kernel "$KERNEL_SPEC")
	guest_kernel $OFFLINE "${kargs[@]}"
fi

guest_workdir qemu-driver-test
if [ -n "$KERNEL_TREE" ]; then
	MODDIR=$WORK/tree-modules
	mkdir -p "$MODDIR"
	: >"$MODDIR/virtio.order"
fi

# --- stage 2: build -------------------------------------------------------------
guest_stage
rm -rf "$WORK/module"
mkdir -p "$WORK/module"
# Only the top-level sources: Kbuild builds in place, the tree stays clean.
find -L "$DRIVER_DIR" -maxdepth 1 -type f \( -name '*.[ch]' -o -name Kbuild \) \
	-exec cp -L {} "$WORK/module/" \;
log "build: module from $DRIVER_DIR"
# No BTF for the test module: 6.12 headers ship a vmlinux, and kbuild would
# then want pahole (BTF only serves BPF programs, not this test).
if ! make -s -C "$KDIR" M="$WORK/module" CONFIG_DEBUG_INFO_BTF_MODULES= modules >"$WORK/kbuild.log" 2>&1; then
	cat "$WORK/kbuild.log" >&2
	log "FAIL: the module does not build (warnings are errors)"
	exit 1
fi
grep -v 'Skipping BTF generation' "$WORK/kbuild.log" >&2 || true
[ -f "$WORK/module/mymap.ko" ] || die "the module build produced no mymap.ko"
log "build: static user test $(basename "$TEST_SRC")"
gcc -std=c11 -O2 -Wall -Wextra -Werror -static -o "$GUEST_ROOT/mymap_test" "$TEST_SRC" ||
	die "the user test does not compile"
if [ "$FUZZ_S" -gt 0 ]; then
	log "build: static fuzzer $(basename "$FUZZ_SRC")"
	gcc -std=c11 -O2 -Wall -Wextra -Werror -static -pthread -o "$GUEST_ROOT/mymap_fuzz" "$FUZZ_SRC" ||
		die "the fuzzer does not compile"
fi
printf 'SKIP_TEST=%s\nFUZZ_S=%s\nFUZZ_SEED=%s\n' "$SKIP_TEST" "$((FUZZ_S / 2))" "$FUZZ_SEED" \
	>"$GUEST_ROOT/etc/driver-test.env"
cp "$WORK/module/mymap.ko" "$GUEST_ROOT/"

cat >"$GUEST_ROOT/etc/job.sh" <<'EOF'
# job.sh - driver test: load mymap.ko in each mapping mode, run the user
# test and/or the fuzzer, unload.
. /etc/driver-test.env
echo 8 >/proc/sys/kernel/printk # every kernel message on the console (booted 'quiet')
for remap in 0 1; do
	[ $remap -eq 0 ] && mode=vm_insert_page || mode=remap_pfn_range
	echo "=== mymap.ko use_remap=$remap ($mode)"
	if ! insmod /mymap.ko use_remap=$remap; then
		echo "FAIL insmod-$mode: expected success, got failure"
		rc=1
		continue
	fi
	if [ "$SKIP_TEST" -eq 0 ]; then
		/mymap_test /dev/mymap || {
			t=$?
			[ $t -gt 128 ] && echo "FAIL mymap_test-$mode: killed by signal $((t - 128))"
			rc=1
		}
	fi
	if [ "$FUZZ_S" -gt 0 ]; then
		/mymap_fuzz --seconds "$FUZZ_S" ${FUZZ_SEED:+--seed "$FUZZ_SEED"} /dev/mymap || {
			t=$?
			[ $t -gt 128 ] && echo "FAIL mymap_fuzz-$mode: killed by signal $((t - 128))"
			rc=1
		}
	fi
	if rmmod mymap && [ ! -e /sys/module/mymap ]; then
		echo "ok   rmmod-$mode"
	else
		echo "FAIL rmmod-$mode: expected the module gone, got it loaded"
		rc=1
	fi
done
# Taint: O (out of tree, 4096) and E (unsigned, 8192) are expected.
taint=$(cat /proc/sys/kernel/tainted)
if [ $((taint & ~12288)) -eq 0 ]; then
	echo "ok   kernel-taint-only-O-E"
else
	echo "FAIL kernel-taint-only-O-E: expected only bits 4096|8192, got $taint"
	rc=1
fi
EOF

# --- stage 3: boot, verdict -------------------------------------------------------
grc=0
guest_run "$TIMEOUT" || grc=$?
log "test: guest results"
tr -d '\r' <"$GUEST_LOG" | grep -v '^GUEST-' || true
status=0
if [ $grc -eq 0 ]; then
	if guest_kernel_problem; then
		echo "FAIL kernel-log-clean: expected no WARNING/BUG/Oops/Call Trace/UBSAN in the kernel log, got one (above)"
		status=1
	else
		echo "ok   kernel-log-clean"
	fi
	[ "$GUEST_EXIT" -eq 0 ] || status=1
else
	guest_kernel_problem || true
	status=1
	[ $grc -ne 124 ] || status=124
fi
summary=$(tr -d '\r' <"$GUEST_LOG" | awk '/^ok   /{p++} /^FAIL /{f++} END{printf "%d passed, %d failed", p, f}')
# The fuzzer's totals over both mapping modes.
fuzzed=$(tr -d '\r' <"$GUEST_LOG" | awk '/^fuzz: [0-9]+ sequences/{s+=$2; o+=$4; f+=$(NF-1)}
	END{if (s) printf "; fuzz: %d sequences, %d operations, %d failures", s, o, f}')
summary+=$fuzzed
case $status in
0) log "PASS ($summary + kernel log clean) on ${KREL:-the built tree} in $((SECONDS - START))s" ;;
124) log "TIMEOUT: $(guest_failure_reason 124) ($summary so far)" ;;
*)
	[ $grc -eq 0 ] || log "FAIL: $(guest_failure_reason $grc) ($summary so far)"
	[ $grc -ne 0 ] || log "FAIL ($summary) on ${KREL:-the built tree} in $((SECONDS - START))s"
	;;
esac
exit $status
