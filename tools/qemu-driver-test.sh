#!/usr/bin/env bash
# tools/qemu-driver-test.sh - test the /dev/mymap kernel driver (driver/) in
# QEMU on the Debian 12 kernel, or run the conformance report there.
#
# Driver test: builds driver/mymap.ko against the cached Debian kernel headers
# and driver/test/mymap_test.c as a static binary, packs both with busybox
# into an initramfs, boots the kernel (TCG), runs the test once per mapping
# mode (vm_insert_page, remap_pfn_range), and checks the kernel log for
# WARNING/BUG/Oops/Call Trace/UBSAN and unexpected taint.
#
# Conformance run (--conformance BIN): boots the same kernel with BIN (a
# static report binary, //conformance:report_static) and runs it with --dir
# on a tmpfs and on an ext4 virtio disk (made by mkfs.ext4); prints the rows
# that did not PASS and each summary line.
#
# Usage: tools/qemu-driver-test.sh [options]
#   --driver-dir DIR    module sources to test (default: driver/); the user
#                       test is always driver/test/mymap_test.c
#   --conformance BIN   run the conformance report instead of the driver test
#   --json-dir DIR      with --conformance: copy the report's JSON of each
#                       run there (tmpfs.json, ext4.json)
#   --accel tcg|kvm|auto  default tcg; auto boots with KVM and falls back to
#                       TCG when no guest output shows up within 20 s
#   --timeout SEC       limit for the guest run (default 120)
#   --offline           never download: the kernel must be in the cache
#                       (tools/bootstrap.sh fills it)
#   --kernel-tree DIR   a built kernel tree instead of the Debian kernel, e.g.
#                       from tools/build-debug-kernel.sh (KASAN + lockdep);
#                       also $MMAPKIT_KERNEL_TREE
#   --work DIR          keep build products, initramfs and logs in DIR
#                       (default: a temporary directory, or $TEST_TMPDIR)
#
# Exit: 0 PASS, 1 FAIL, 124 timeout, 2 setup error (message says what to do).
# Kernel cache: see tools/bootstrap.d/kernel.sh (MMAPKIT_KERNEL_CACHE).
set -euo pipefail

if [ -n "${TEST_SRCDIR:-}" ]; then # under bazel test: the runfiles tree
	REPO=$TEST_SRCDIR/${TEST_WORKSPACE:-mmapkit}
else
	REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fi
DRIVER_DIR=$REPO/driver
TEST_SRC=$REPO/driver/test/mymap_test.c
CONFORMANCE=""
JSON_DIR=""
ACCEL=tcg
TIMEOUT=120
OFFLINE=0
KERNEL_TREE=${MMAPKIT_KERNEL_TREE:-}
WORK=""
QEMU_MEM=512M
KVM_PROBE_S=20
START=$SECONDS

log() { printf '[%4ss] %s\n' "$((SECONDS - START))" "$*" >&2; }
die() {
	log "SETUP ERROR: $*"
	exit 2
}
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
	case $1 in
	--driver-dir) DRIVER_DIR=${2:?--driver-dir needs a directory}; shift 2 ;;
	--conformance) CONFORMANCE=${2:?--conformance needs a binary}; shift 2 ;;
	--json-dir) JSON_DIR=${2:?--json-dir needs a directory}; shift 2 ;;
	--accel) ACCEL=${2:?--accel needs tcg, kvm or auto}; shift 2 ;;
	--timeout) TIMEOUT=${2:?--timeout needs seconds}; shift 2 ;;
	--offline) OFFLINE=1; shift ;;
	--kernel-tree) KERNEL_TREE=${2:?--kernel-tree needs a directory}; shift 2 ;;
	--work) WORK=${2:?--work needs a directory}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done
case $ACCEL in tcg | kvm | auto) ;; *) die "--accel must be tcg, kvm or auto" ;; esac
[[ $TIMEOUT =~ ^[0-9]+$ ]] || die "--timeout needs whole seconds"
if [ -n "$CONFORMANCE" ]; then
	[ -f "$CONFORMANCE" ] && [ -x "$CONFORMANCE" ] || die "--conformance $CONFORMANCE is not an executable file"
else
	[ -f "$DRIVER_DIR/Kbuild" ] || die "--driver-dir $DRIVER_DIR has no Kbuild"
	[ -f "$TEST_SRC" ] || die "missing user test $TEST_SRC"
fi

# Tools: Bazel's strict action environment has no /sbin on PATH.
PATH=$PATH:/usr/sbin:/sbin
need_tools=(make gcc cpio gzip timeout readelf qemu-system-x86_64)
[ -n "$CONFORMANCE" ] && need_tools+=(mkfs.ext4 debugfs)
for t in "${need_tools[@]}"; do
	command -v "$t" >/dev/null ||
		die "'$t' not found: run tools/bootstrap.sh (packages gcc make cpio qemu-system-x86 e2fsprogs)"
done
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] && ! readelf -l "$BUSYBOX" 2>/dev/null | grep -q 'program interpreter' ||
	die "$BUSYBOX is missing or not static: run tools/bootstrap.sh (package busybox-static)"

# --- work directory: never the source tree ------------------------------------
KEEP_WORK=1
if [ -z "$WORK" ]; then
	if [ -n "${TEST_TMPDIR:-}" ]; then
		WORK=$TEST_TMPDIR/qemu-driver-test
	else
		KEEP_WORK=0
		WORK=$(mktemp -d "${TMPDIR:-/tmp}/mmapkit-qemu.XXXXXX")
		# Keep the logs of a run that did not pass.
		trap 'if [ $? -eq 0 ]; then rm -rf "$WORK"; else log "logs kept in $WORK"; fi' EXIT
	fi
fi
mkdir -p "$WORK" || die "cannot create work directory $WORK"
WORK=$(cd "$WORK" && pwd)
case $WORK/ in "$REPO"/*) die "work directory $WORK is inside the source tree" ;; esac

# --- stage 1: the kernel --------------------------------------------------------
# MODLIST: modules (with paths) the guest loads for ext4; empty = built in.
MODLIST=""
if [ -n "$KERNEL_TREE" ]; then
	KDIR=$(cd "$KERNEL_TREE" 2>/dev/null && pwd) || die "--kernel-tree $KERNEL_TREE does not exist"
	VMLINUZ=$KDIR/arch/x86/boot/bzImage
	VMLINUX="" # a KASAN vmlinux does not boot through PVH: the bzImage
	[ -f "$VMLINUZ" ] && [ -f "$KDIR/Module.symvers" ] ||
		die "$KDIR is not a built kernel tree (needs arch/x86/boot/bzImage and Module.symvers; see tools/build-debug-kernel.sh)"
	log "kernel: built tree $KDIR"
else
	KSH=$REPO/tools/bootstrap.d/kernel.sh
	if [ $OFFLINE -eq 0 ]; then
		log "kernel: making sure the cache holds the current Debian kernel"
		bash "$KSH" || die "could not fill the kernel cache (see above)"
	fi
	rc=0
	layout=$(bash "$KSH" --print) || rc=$?
	if [ $rc -eq 1 ]; then
		bash "$KSH" --check || true
		die "--offline: the kernel cache lacks the Debian kernel; run tools/bootstrap.sh (or tools/bootstrap.d/kernel.sh) with network access first"
	fi
	[ $rc -eq 0 ] || die "tools/bootstrap.d/kernel.sh --print failed (exit $rc)"
	while IFS='=' read -r key value; do
		case $key in
		KREL | KVER | KDIR | VMLINUZ | VMLINUX | MODDIR | GUEST_MODULES) printf -v "$key" '%s' "$value" ;;
		esac
	done <<<"$layout"
	MODLIST=$GUEST_MODULES
	log "kernel: Debian $KREL ($KVER), cached in ${KDIR%/usr/src/*}"
fi
# An uncompressed vmlinux with a PVH entry note boots without the
# decompression that costs TCG seconds; the bzImage is the fallback.
KERNEL_IMAGE=$VMLINUZ
if [ -n "$VMLINUX" ] && [ -f "$VMLINUX" ] && readelf -n "$VMLINUX" 2>/dev/null | grep -qE 'note type: \(0x00000012\)|PHYS32_ENTRY'; then
	KERNEL_IMAGE=$VMLINUX
fi

# --- stage 2: build -------------------------------------------------------------
STAGE=$WORK/initramfs
rm -rf "$WORK/module" "$STAGE"
mkdir -p "$STAGE/bin" "$STAGE/etc"
cp "$BUSYBOX" "$STAGE/bin/busybox"

if [ -z "$CONFORMANCE" ]; then
	mkdir -p "$WORK/module"
	# Only the top-level sources: Kbuild builds in place, the tree stays clean.
	find -L "$DRIVER_DIR" -maxdepth 1 -type f \( -name '*.[ch]' -o -name Kbuild \) \
		-exec cp -L {} "$WORK/module/" \;
	log "build: module from $DRIVER_DIR"
	if ! make -s -C "$KDIR" M="$WORK/module" modules >"$WORK/kbuild.log" 2>&1; then
		cat "$WORK/kbuild.log" >&2
		log "FAIL: the module does not build (warnings are errors)"
		exit 1
	fi
	grep -v 'Skipping BTF generation' "$WORK/kbuild.log" >&2 || true
	KO=$(find "$WORK/module" -maxdepth 1 -name '*.ko' | head -1)
	[ "$(basename "$KO")" = mymap.ko ] || die "the module build produced no mymap.ko"
	log "build: static user test $(basename "$TEST_SRC")"
	gcc -std=c11 -O2 -Wall -Wextra -Werror -static -o "$STAGE/mymap_test" "$TEST_SRC" ||
		die "the user test does not compile"
	cp "$KO" "$STAGE/"
	INIT_KIND=driver
else
	readelf -l "$CONFORMANCE" 2>/dev/null | grep -q 'program interpreter' &&
		die "$CONFORMANCE is dynamically linked; the guest has no libc (build the static report)"
	cp -L "$CONFORMANCE" "$STAGE/report"
	mkdir -p "$STAGE/modules"
	if [ -n "$MODLIST" ]; then
		while read -r path; do
			cp "$MODDIR/$path" "$STAGE/modules/"
			basename "$path" >>"$STAGE/modules/order"
		done <"$MODLIST"
	fi
	log "build: ext4 image (64 MiB)"
	rm -f "$WORK/ext4.img"
	truncate -s 64M "$WORK/ext4.img"
	mkfs.ext4 -q -F -L mmapkit "$WORK/ext4.img" || die "mkfs.ext4 failed"
	INIT_KIND=conformance
fi

# --- stage 3: initramfs -----------------------------------------------------------
# The guest writes results to its second serial port (ttyS1 -> results.log);
# the kernel console (ttyS0 -> console.log) carries the kernel's messages.
cat >"$STAGE/init" <<'EOF'
#!/bin/busybox sh
# /init of the mmapkit test guest: set up, run the job, report, power off.
/bin/busybox mkdir -p /proc /sys /dev /tmp /mnt
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
exec >/dev/ttyS1 2>&1 </dev/null
echo 8 >/proc/sys/kernel/printk # show every kernel message (booted 'quiet')
echo "GUEST-BOOTED $(uname -r), up $(cut -d' ' -f1 /proc/uptime) s"
rc=0
. /etc/job.sh
# Taint: O (out of tree, 4096) and E (unsigned, 8192) are expected.
taint=$(cat /proc/sys/kernel/tainted)
if [ $((taint & ~12288)) -eq 0 ]; then
	echo "ok   kernel-taint-only-O-E"
else
	echo "FAIL kernel-taint-only-O-E: expected only bits 4096|8192, got $taint"
	rc=1
fi
bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops:|Call Trace:|UBSAN:|general protection|kernel BUG')
if [ -z "$bad" ]; then
	echo "ok   kernel-log-clean"
else
	echo "FAIL kernel-log-clean: expected no WARNING/BUG/Oops/Call Trace/UBSAN, got:"
	echo "$bad" | head -20 | sed 's/^/    /'
	rc=1
fi
[ $rc -eq 0 ] && echo "GUEST-RESULT: PASS" || echo "GUEST-RESULT: FAIL"
echo "guest up $(cut -d' ' -f1 /proc/uptime) s"
exec >/dev/null 2>&1 # closing the port waits until the last line is sent
poweroff -f
EOF
chmod +x "$STAGE/init"

if [ "$INIT_KIND" = driver ]; then
	cat >"$STAGE/etc/job.sh" <<'EOF'
# job.sh - driver test: load mymap.ko in each mapping mode, run the user test.
for remap in 0 1; do
	[ $remap -eq 0 ] && mode=vm_insert_page || mode=remap_pfn_range
	echo "=== mymap.ko use_remap=$remap ($mode)"
	if ! insmod /mymap.ko use_remap=$remap; then
		echo "FAIL insmod-$mode: expected success, got failure"
		rc=1
		continue
	fi
	/mymap_test /dev/mymap || {
		t=$?
		[ $t -gt 128 ] && echo "FAIL mymap_test-$mode: killed by signal $((t - 128))"
		rc=1
	}
	if rmmod mymap && [ ! -e /sys/module/mymap ]; then
		echo "ok   rmmod-$mode"
	else
		echo "FAIL rmmod-$mode: expected the module gone, got it loaded"
		rc=1
	fi
done
EOF
else
	cat >"$STAGE/etc/job.sh" <<'EOF'
# job.sh - conformance report with --dir on a tmpfs and on an ext4 disk; the
# tmpfs rows always use a tmpfs. JSON results go to /results on the disk.
export TMPDIR=/tmp
mkdir -p /mnt/tmpfs /mnt/ext4
mount -t tmpfs -o size=256m tmpfs /mnt/tmpfs
mkdir -p /mnt/tmpfs/shm
if [ -f /modules/order ]; then
	while read -r m; do
		insmod "/modules/$m" || echo "FAIL insmod-$m: expected the module to load"
	done </modules/order
fi
ext4=0
if mount -t ext4 /dev/vda /mnt/ext4; then
	ext4=1
	mkdir -p /mnt/ext4/results
else
	echo "FAIL mount-ext4: expected /dev/vda to mount as ext4"
	rc=1
fi
run_report() { # run_report FS DIR
	json=/tmp/$1.json
	[ $ext4 -eq 1 ] && json=/mnt/ext4/results/$1.json
	echo "=== conformance report, --dir on $1"
	mkdir -p "$2"
	/report --dir "$2" --tmpfs-dir /mnt/tmpfs/shm --json "$json"
	r=$?
	case $r in
	0) echo "ok   conformance-$1" ;;
	1) echo "FAIL conformance-$1: expected no FAIL or BROKEN rows, got some"; rc=1 ;;
	*) echo "FAIL conformance-$1: expected exit 0, got $r"; rc=1 ;;
	esac
}
run_report tmpfs /mnt/tmpfs/report
if [ $ext4 -eq 1 ]; then
	run_report ext4 /mnt/ext4/report
	rm -rf /mnt/ext4/report
	umount /mnt/ext4 || { echo "FAIL umount-ext4: expected success"; rc=1; }
fi
EOF
fi
(cd "$STAGE" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$WORK/initramfs.cpio.gz"
log "initramfs: $(du -k "$WORK/initramfs.cpio.gz" | cut -f1) KiB"

# --- stage 4: boot ----------------------------------------------------------------
CONSOLE=$WORK/console.log
RESULTS=$WORK/results.log
kvm_usable() { [ -r /dev/kvm ] && [ -w /dev/kvm ]; }

# boot ACCEL: runs the guest; returns qemu's status (124 = timeout), or 3
# when KVM, tried by --accel auto, brought up no guest (in time).
boot() {
	local accel=$1 pid t0=$SECONDS rc=0
	local args=(-machine q35 -accel tcg)
	[ "$accel" = kvm ] && args=(-machine q35 -accel kvm -cpu host)
	[ -n "$CONFORMANCE" ] && args+=(-drive "file=$WORK/ext4.img,format=raw,if=virtio")
	: >"$CONSOLE"
	: >"$RESULTS"
	log "boot: $accel, $(basename "$KERNEL_IMAGE"), timeout ${TIMEOUT}s (logs: $CONSOLE, $RESULTS)"
	# (subshell: bash's own "Aborted" notice for a crashing qemu stays out)
	(timeout -k 5 "$TIMEOUT" qemu-system-x86_64 "${args[@]}" \
		-nodefaults -no-user-config -display none -no-reboot \
		-m "$QEMU_MEM" -smp 1 -kernel "$KERNEL_IMAGE" \
		-initrd "$WORK/initramfs.cpio.gz" \
		-append "console=ttyS0 quiet panic=-1 oops=panic" \
		-serial "file:$CONSOLE" -serial "file:$RESULTS" \
		</dev/null >"$WORK/qemu.log" 2>&1) 2>/dev/null &
	pid=$!
	if [ "$accel" = kvm ] && [ "$ACCEL" = auto ]; then
		while kill -0 $pid 2>/dev/null && ! grep -q GUEST-BOOTED "$RESULTS"; do
			if [ $((SECONDS - t0)) -ge $KVM_PROBE_S ]; then
				kill $pid 2>/dev/null || true
				wait $pid 2>/dev/null || true
				log "boot: no guest output with KVM after ${KVM_PROBE_S}s"
				sed 's/^/    qemu: /' "$WORK/qemu.log" >&2
				return 3
			fi
			sleep 0.2
		done
	fi
	wait $pid || rc=$?
	log "boot: qemu exited ($rc) after $((SECONDS - t0))s"
	if [ "$accel" = kvm ] && [ "$ACCEL" = auto ] && ! grep -q GUEST-BOOTED "$RESULTS"; then
		sed 's/^/    qemu: /' "$WORK/qemu.log" >&2
		return 3
	fi
	return $rc
}

qrc=0
case $ACCEL in
tcg) boot tcg || qrc=$? ;;
kvm) kvm_usable || die "--accel kvm: /dev/kvm is not usable"; boot kvm || qrc=$? ;;
auto)
	if kvm_usable; then
		boot kvm || qrc=$?
		if [ $qrc -eq 3 ]; then
			log "boot: falling back to TCG"
			qrc=0
			boot tcg || qrc=$?
		fi
	else
		boot tcg || qrc=$?
	fi
	;;
esac
[ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ] &&
	cp "$CONSOLE" "$RESULTS" "$TEST_UNDECLARED_OUTPUTS_DIR/" 2>/dev/null || true

# --- stage 5: verdict -----------------------------------------------------------
log "test: guest results"
if [ -z "$CONFORMANCE" ]; then
	tr -d '\r' <"$RESULTS" | grep -v '^GUEST-' || true
else # the report's PASS rows (and their indented details) only in the log
	tr -d '\r' <"$RESULTS" | awk '/^GUEST-/ {next} /^PASS / {skip=1; next}
		/^[ \t]/ && skip {next} {skip=0; print}'
	[ $KEEP_WORK -eq 0 ] || log "test: full report in $RESULTS"
	if [ -n "$JSON_DIR" ]; then
		mkdir -p "$JSON_DIR"
		for fs in tmpfs ext4; do
			debugfs -R "dump /results/$fs.json $JSON_DIR/$fs.json" "$WORK/ext4.img" >/dev/null 2>&1 &&
				[ -s "$JSON_DIR/$fs.json" ] && log "test: JSON of the $fs run: $JSON_DIR/$fs.json"
		done
	fi
fi
KERNEL_BAD='WARNING:|BUG:|Oops:|Call Trace:|UBSAN:|general protection|Kernel panic'
kernel_bad=$(tr -d '\r' <"$CONSOLE" | grep -nE "$KERNEL_BAD" | head -1 | cut -d: -f1 || true)
if [ -n "$kernel_bad" ]; then
	log "test: kernel console from the first problem (full log: $CONSOLE):"
	tr -d '\r' <"$CONSOLE" | sed -n "${kernel_bad},$((kernel_bad + 40))p" >&2
fi
summary=$(tr -d '\r' <"$RESULTS" | awk '/^ok   /{p++} /^FAIL /{f++} END{printf "%d passed, %d failed", p, f}')
elapsed=$((SECONDS - START))

if grep -q 'GUEST-RESULT: PASS' "$RESULTS" && [ -z "$kernel_bad" ]; then
	log "PASS ($summary) in ${elapsed}s"
	exit 0
fi
if grep -q 'GUEST-RESULT:' "$RESULTS"; then
	log "FAIL ($summary) in ${elapsed}s"
	exit 1
fi
if [ $qrc -eq 124 ]; then
	log "TIMEOUT: no result from the guest within ${TIMEOUT}s ($summary so far)"
	exit 124
fi
if ! grep -q GUEST-BOOTED "$RESULTS"; then
	[ -n "$kernel_bad" ] || { log "qemu output:"; cat "$WORK/qemu.log" >&2; }
	[ -z "$kernel_bad" ] && die "the guest never reached /init (qemu exit $qrc; console: $CONSOLE)"
fi
log "FAIL: the guest died before reporting ($summary; kernel panic or crash, see above) in ${elapsed}s"
exit 1
