# shellcheck shell=bash
# tools/qemu-guest.sh - boots a Debian kernel of any architecture in QEMU with
# a busybox initramfs that runs one job, and brings its output back. Sourced
# by tools/platform-run.sh and tools/qemu-driver-test.sh (not run directly).
#
# The caller defines log() and die(), sets REPO and ARCH, and then:
#   guest_machine                   QEMU binary, machine and console for ARCH
#   guest_kernel OFFLINE ARGS...    the cached kernel (tools/kernel-cache.sh
#                                   ARGS): KREL, KVER, KERNEL, MODDIR, BUSYBOX, KDIR
#   guest_workdir NAME              WORK: $TEST_TMPDIR/NAME, or a temporary
#                                   directory removed after a successful run
#   guest_stage FEATURE...          a fresh initramfs tree in $GUEST_ROOT: busybox,
#                                   /init, the modules of virtio + FEATUREs
#   (put the job in $GUEST_ROOT/etc/job.sh and its files under $GUEST_ROOT)
#   guest_run TIMEOUT [QEMU ARGS]   pack, boot, wait; 0 when the guest finished
#                                   its job, 124 on timeout, else QEMU's status
#   guest_disk FILE SERIAL          QEMU arguments for a raw virtio disk the
#                                   guest finds by its serial (guest_disk_dev)
#   guest_9p DIR TAG                QEMU arguments sharing host DIR over
#                                   virtio-9p (guest: mount -t 9p TAG)
#   guest_virtiofsd BIN DIR TAG     start virtiofsd for DIR (stopped on exit)
#   guest_virtiofs TAG              then QEMU's arguments for it (guest:
#                                   mount -t virtiofs TAG)
#
# Guest side: /init mounts /dev, /proc, /sys, loads the modules, sends every
# line of the job's stdout/stderr to the host at once (virtio port
# "mmapkit.log" -> $GUEST_LOG, so lines written before a crash survive), runs
# /etc/job.sh (which sets rc), saves dmesg in /results, sends /results as a
# tar (port "mmapkit.files" -> unpacked into $GUEST_FILES), prints
# "GUEST-EXIT rc" and powers off. The kernel console goes to $GUEST_CONSOLE_LOG.

GUEST_ACCEL=${GUEST_ACCEL:-tcg}
GUEST_MEM=${GUEST_MEM:-768M}
# A guest that brings up no /init output within this time under --accel auto
# is retried with TCG (the KVM of some hosts cannot boot a normal kernel).
GUEST_KVM_PROBE_S=20
# Kernel messages that mean the kernel itself went wrong: WARN() and lockdep
# splats, BUG, Oops, UBSAN, panics. (Not every "WARNING:": ppc64 without
# firmware-formatted NVRAM says "WARNING: nvram corruption detected".)
GUEST_KERNEL_BAD='WARNING: CPU:|WARNING: possible|WARNING: suspicious|BUG:|Oops:|Call Trace:|UBSAN:|general protection|Kernel panic'

# guest_machine: QEMU_BIN, QEMU_MACHINE (array), GUEST_TTY, QEMU_PACKAGE and
# GUEST_MACHINE_APPEND (kernel arguments) for ARCH.
guest_machine() {
	GUEST_MACHINE_APPEND=""
	case $ARCH in
	amd64)
		QEMU_BIN=qemu-system-x86_64 QEMU_PACKAGE=qemu-system-x86 GUEST_TTY=ttyS0
		QEMU_MACHINE=(-machine q35)
		# Under TCG on a busy host the boot-time check that the IO-APIC timer
		# ticks can miss and panic ("IO-APIC + timer doesn't work!", seen at a
		# load of 47 on 2 cores): skip it.
		GUEST_MACHINE_APPEND=no_timer_check
		;;
	i386)
		QEMU_BIN=qemu-system-i386 QEMU_PACKAGE=qemu-system-x86 GUEST_TTY=ttyS0
		QEMU_MACHINE=(-machine pc -cpu max)
		GUEST_MACHINE_APPEND=no_timer_check # as for amd64
		;;
	arm64)
		# pauth-impdef: QEMU's own pointer-authentication hash, much
		# cheaper under TCG than the architected QARMA.
		QEMU_BIN=qemu-system-aarch64 QEMU_PACKAGE=qemu-system-arm GUEST_TTY=ttyAMA0
		QEMU_MACHINE=(-machine virt -cpu max,pauth-impdef=on)
		;;
	armhf)
		# highmem=off: the armmp kernel (no LPAE) cannot reach devices above 4 GiB.
		QEMU_BIN=qemu-system-arm QEMU_PACKAGE=qemu-system-arm GUEST_TTY=ttyAMA0
		QEMU_MACHINE=(-machine virt,highmem=off -cpu cortex-a15)
		;;
	ppc64el)
		# x-vof: QEMU's minimal firmware instead of SLOF, which takes
		# ~30 s to start under TCG. The cap-* settings are the spectre
		# mitigations TCG cannot emulate; without them QEMU warns.
		QEMU_BIN=qemu-system-ppc64 QEMU_PACKAGE=qemu-system-ppc GUEST_TTY=hvc0
		QEMU_MACHINE=(-machine pseries,x-vof=on,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off -cpu power9)
		;;
	s390x)
		QEMU_BIN=qemu-system-s390x QEMU_PACKAGE=qemu-system-misc GUEST_TTY=ttysclp0
		QEMU_MACHINE=(-machine s390-ccw-virtio)
		;;
	*) die "internal: no QEMU machine for '$ARCH'" ;;
	esac
	command -v "$QEMU_BIN" >/dev/null ||
		die "$QEMU_BIN not found: install $QEMU_PACKAGE (tools/bootstrap.sh installs it)"
}

# guest_kernel OFFLINE ARGS...: the kernel tools/kernel-cache.sh ARGS names,
# fetched first unless OFFLINE is 1. Exits 2 (with kernel-cache's message)
# when it is unknown or, offline, not cached.
guest_kernel() {
	local offline=$1 layout rc=0 key value
	shift
	if [ "$offline" -eq 1 ]; then
		layout=$(bash "$REPO/tools/kernel-cache.sh" print "$@") || rc=$?
		[ $rc -ne 1 ] || die "--offline: that kernel is not in the cache (see above)"
	else
		layout=$(bash "$REPO/tools/kernel-cache.sh" fetch "$@") || rc=$?
	fi
	[ $rc -eq 0 ] || exit 2 # tools/kernel-cache.sh said why
	KDIR=""
	while IFS='=' read -r key value; do
		case $key in KREL | KVER | KERNEL | MODDIR | BUSYBOX | KDIR) printf -v "$key" '%s' "$value" ;; esac
	done <<<"$layout"
	log "kernel: Debian $KREL ($KVER) for $ARCH"
}

# guest_workdir NAME: WORK, never inside the source tree. Under bazel test
# $TEST_TMPDIR/NAME; else a temporary directory, kept only when the run fails.
guest_workdir() {
	if [ -z "${WORK:-}" ]; then
		if [ -n "${TEST_TMPDIR:-}" ]; then
			WORK=$TEST_TMPDIR/$1
		else
			WORK=$(mktemp -d "${TMPDIR:-/tmp}/mmapkit-$1.XXXXXX")
			GUEST_OWN_WORK=1
			trap guest_cleanup EXIT
		fi
	fi
	mkdir -p "$WORK" || die "cannot create work directory $WORK"
	WORK=$(cd "$WORK" && pwd)
	case $WORK/ in "$REPO"/*) die "work directory $WORK is inside the source tree" ;; esac
}

# guest_cleanup (the EXIT trap): stop virtiofsd; remove a temporary WORK
# after success, keep it (and say so) after a failure.
guest_cleanup() {
	local rc=$?
	[ -z "${GUEST_VIRTIOFSD_PID:-}" ] || kill "$GUEST_VIRTIOFSD_PID" 2>/dev/null || true
	[ -z "${GUEST_VIRTIOFS_SOCKDIR:-}" ] || rm -rf "$GUEST_VIRTIOFS_SOCKDIR"
	[ "${GUEST_OWN_WORK:-0}" -eq 1 ] || return 0
	if [ $rc -eq 0 ]; then rm -rf "$WORK"; else log "logs kept in $WORK"; fi
}

# guest_stage FEATURE...: $GUEST_ROOT with busybox, /init and the modules of
# virtio and each FEATURE (ext4, xfs, ...; see tools/kernel-cache.sh).
guest_stage() {
	local feature m
	GUEST_ROOT=$WORK/initramfs
	rm -rf "$GUEST_ROOT"
	mkdir -p "$GUEST_ROOT/bin" "$GUEST_ROOT/etc" "$GUEST_ROOT/modules"
	cp "$BUSYBOX" "$GUEST_ROOT/bin/busybox"
	chmod 755 "$GUEST_ROOT/bin/busybox"
	: >"$GUEST_ROOT/modules/order"
	for feature in virtio "$@"; do
		if [ ! -f "$MODDIR/$feature.order" ]; then
			[ -f "$MODDIR/$feature.missing" ] && die "$feature: $(cat "$MODDIR/$feature.missing")"
			die "$feature: the cached kernel $KREL has no $feature modules: a guest feature added to tools/kernel-cache.sh after it was cached is added by 'tools/kernel-cache.sh fetch --arch $ARCH --kernel $KREL' (or tools/bootstrap.sh); else not a guest feature"
		fi
		while read -r m; do
			grep -qxF "$m" "$GUEST_ROOT/modules/order" && continue
			cp "$MODDIR/$m" "$GUEST_ROOT/modules/"
			echo "$m" >>"$GUEST_ROOT/modules/order"
		done <"$MODDIR/$feature.order"
	done
	cat >"$GUEST_ROOT/init" <<'EOF'
#!/bin/busybox sh
# /init of an mmapkit test guest: set up, run /etc/job.sh, send its output
# and /results to the host, power off.
/bin/busybox mkdir -p /proc /sys /dev /tmp /mnt /results
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
stop() { # stop MESSAGE: the host finds it on the kernel console
	echo "GUEST-ERROR: $*" >/dev/console
	poweroff -f
}
while read -r m; do
	insmod "/modules/$m" || stop "insmod $m failed"
done </modules/order
# port NAME: the virtio-serial port the host named NAME (they appear shortly
# after the driver is loaded).
port() {
	for i in $(seq 50); do
		for p in /sys/class/virtio-ports/*; do
			[ "$(cat "$p/name" 2>/dev/null)" = "$1" ] && echo "/dev/${p##*/}" && return 0
		done
		sleep 0.1
	done
	return 1
}
# disk SERIAL: the virtio disk with that serial number
disk() {
	for i in $(seq 50); do
		for d in /sys/block/vd*; do
			[ "$(cat "$d/serial" 2>/dev/null)" = "$1" ] && echo "/dev/${d##*/}" && return 0
		done
		sleep 0.1
	done
	return 1
}
log=$(port mmapkit.log) || stop "no virtio port mmapkit.log"
files=$(port mmapkit.files) || stop "no virtio port mmapkit.files"
exec >"$log" 2>&1 </dev/null
echo "GUEST-BOOTED $(uname -r) $(uname -m), up $(cut -d' ' -f1 /proc/uptime) s"
rc=0
. /etc/job.sh
dmesg >/results/dmesg.txt
(cd /results && tar -cf "$files" .)
echo "GUEST-EXIT $rc, up $(cut -d' ' -f1 /proc/uptime) s"
exec >/dev/null 2>&1
poweroff -f
EOF
	chmod +x "$GUEST_ROOT/init"
}

# guest_disk FILE SERIAL: QEMU arguments for FILE as a raw virtio disk that
# the job finds with $(disk SERIAL).
guest_disk() {
	printf '%s\n' -drive "file=$1,format=raw,if=none,id=$2" -device "virtio-blk,drive=$2,serial=$2"
}

# guest_9p DIR TAG: QEMU arguments for DIR as a virtio-9p share named TAG.
# security_model=none: the guest's root creates files as the host user.
guest_9p() {
	printf '%s\n' -fsdev "local,id=$2,path=$1,security_model=none" -device "virtio-9p,fsdev=$2,mount_tag=$2"
}

# guest_virtiofsd BIN DIR TAG: virtiofsd serving DIR until the script exits
# (it also exits when QEMU closes the connection). Its socket lives in /tmp:
# a socket's path must be short (108 bytes), $WORK's under Bazel is not.
guest_virtiofsd() {
	local bin=$1 dir=$2 sock i
	GUEST_VIRTIOFS_SOCKDIR=$(mktemp -d /tmp/mmapkit-vfs.XXXXXX) || die "cannot create a socket directory in /tmp"
	sock=$GUEST_VIRTIOFS_SOCKDIR/$3.sock
	"$bin" --socket-path="$sock" -o source="$dir" -o cache=auto >"$WORK/virtiofsd.log" 2>&1 &
	GUEST_VIRTIOFSD_PID=$!
	trap guest_cleanup EXIT
	for i in $(seq 50); do
		[ -S "$sock" ] && return 0
		kill -0 "$GUEST_VIRTIOFSD_PID" 2>/dev/null || break
		sleep 0.1
	done
	die "virtiofsd did not start (log: $WORK/virtiofsd.log): $(tail -3 "$WORK/virtiofsd.log" 2>/dev/null)"
}

# guest_virtiofs TAG: QEMU arguments for the virtiofsd of guest_virtiofsd.
# vhost-user needs the guest's memory shared with the daemon.
guest_virtiofs() {
	printf '%s\n' -object "memory-backend-memfd,id=mem,size=$GUEST_MEM,share=on" -numa node,memdev=mem \
		-chardev "socket,id=$1,path=$GUEST_VIRTIOFS_SOCKDIR/$1.sock" -device "vhost-user-fs-pci,chardev=$1,tag=$1"
}

# guest_boot ACCEL TIMEOUT [QEMU ARGS]: one QEMU run; its status (124 =
# timeout), or 3 when KVM under --accel auto showed no guest in time.
guest_boot() {
	local accel=$1 timeout=$2 pid t0=$SECONDS rc=0
	shift 2
	local args=("${QEMU_MACHINE[@]}" -accel tcg)
	[ "$accel" = kvm ] && args=("${QEMU_MACHINE[@]}" -accel kvm -cpu host)
	: >"$GUEST_CONSOLE_LOG"
	: >"$GUEST_LOG"
	: >"$WORK/files.tar"
	log "boot: $ARCH, $accel, $(basename "$KERNEL"), timeout ${timeout}s (logs in $WORK)"
	# (subshell: bash's own "Aborted" notice for a crashing qemu stays out)
	(timeout -k 5 "$timeout" "$QEMU_BIN" "${args[@]}" \
		-nodefaults -no-user-config -display none -no-reboot \
		-m "$GUEST_MEM" -smp 1 -kernel "$KERNEL" -initrd "$WORK/initramfs.cpio.gz" \
		-append "console=$GUEST_TTY quiet panic=-1 oops=panic $GUEST_MACHINE_APPEND ${GUEST_APPEND:-}" \
		-serial "file:$GUEST_CONSOLE_LOG" \
		-device virtio-serial,id=vser \
		-chardev "file,id=log,path=$GUEST_LOG" \
		-device virtserialport,bus=vser.0,chardev=log,name=mmapkit.log \
		-chardev "file,id=files,path=$WORK/files.tar" \
		-device virtserialport,bus=vser.0,chardev=files,name=mmapkit.files \
		"$@" </dev/null >"$WORK/qemu.log" 2>&1) 2>/dev/null &
	pid=$!
	if [ "$accel" = kvm ] && [ "$GUEST_ACCEL" = auto ]; then
		while kill -0 $pid 2>/dev/null && ! grep -q GUEST-BOOTED "$GUEST_LOG"; do
			if [ $((SECONDS - t0)) -ge $GUEST_KVM_PROBE_S ]; then
				kill $pid 2>/dev/null || true
				wait $pid 2>/dev/null || true
				log "boot: no guest output with KVM after ${GUEST_KVM_PROBE_S}s"
				return 3
			fi
			sleep 0.2
		done
	fi
	wait $pid || rc=$?
	log "boot: qemu exited ($rc) after $((SECONDS - t0))s"
	if [ "$accel" = kvm ] && [ "$GUEST_ACCEL" = auto ] && ! grep -q GUEST-BOOTED "$GUEST_LOG"; then
		return 3
	fi
	return $rc
}

# guest_run TIMEOUT [QEMU ARGS]: pack $GUEST_ROOT, boot it with $GUEST_ACCEL
# (tcg, kvm, or auto: KVM, falling back to TCG), unpack what the guest sent
# into $GUEST_FILES. Returns 0 when the guest finished its job (GUEST_EXIT is
# then the job's rc), 124 on timeout, else QEMU's status or 1.
guest_run() {
	local timeout=$1 rc=0 booted
	shift
	GUEST_LOG=$WORK/results.log
	GUEST_CONSOLE_LOG=$WORK/console.log
	GUEST_FILES=$WORK/files
	GUEST_EXIT=""
	(cd "$GUEST_ROOT" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$WORK/initramfs.cpio.gz"
	log "initramfs: $(du -k "$WORK/initramfs.cpio.gz" | cut -f1) KiB"
	case $GUEST_ACCEL in
	tcg) guest_boot tcg "$timeout" "$@" || rc=$? ;;
	kvm)
		[ -r /dev/kvm ] && [ -w /dev/kvm ] || die "--accel kvm: /dev/kvm is not usable"
		guest_boot kvm "$timeout" "$@" || rc=$?
		;;
	auto)
		if [ -r /dev/kvm ] && [ -w /dev/kvm ] && [ "$ARCH" = "$(dpkg --print-architecture)" ]; then
			guest_boot kvm "$timeout" "$@" || rc=$?
			if [ $rc -eq 3 ]; then
				sed 's/^/    qemu: /' "$WORK/qemu.log" >&2
				log "boot: falling back to TCG"
				rc=0
				guest_boot tcg "$timeout" "$@" || rc=$?
			fi
		else
			guest_boot tcg "$timeout" "$@" || rc=$?
		fi
		;;
	*) die "--accel must be tcg, kvm or auto" ;;
	esac
	[ -z "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ] ||
		cp "$GUEST_CONSOLE_LOG" "$GUEST_LOG" "$TEST_UNDECLARED_OUTPUTS_DIR/" 2>/dev/null || true
	rm -rf "$GUEST_FILES"
	mkdir -p "$GUEST_FILES"
	[ ! -s "$WORK/files.tar" ] || tar -xf "$WORK/files.tar" -C "$GUEST_FILES" 2>/dev/null ||
		log "the guest's /results archive is damaged"
	booted=$(tr -d '\r' <"$GUEST_LOG" | sed -n 's/^GUEST-BOOTED //p' | head -1)
	[ -z "$booted" ] || log "guest: Linux $booted"
	GUEST_EXIT=$(tr -d '\r' <"$GUEST_LOG" | sed -n 's/^GUEST-EXIT \([0-9]*\).*/\1/p' | tail -1)
	[ -n "$GUEST_EXIT" ] && return 0
	[ $rc -eq 0 ] && rc=1
	return $rc
}

# guest_kernel_problem: print the kernel log from its first problem (console,
# then the guest's dmesg) and return 0; 1 if the kernel logged none.
guest_kernel_problem() {
	local f line
	for f in "$GUEST_CONSOLE_LOG" "$GUEST_FILES/dmesg.txt"; do
		[ -f "$f" ] || continue
		line=$(tr -d '\r' <"$f" | grep -nE "$GUEST_KERNEL_BAD" | head -1 | cut -d: -f1 || true)
		[ -n "$line" ] || continue
		log "kernel log from the first problem (full log: $f):"
		tr -d '\r' <"$f" | sed -n "${line},$((line + 40))p" >&2
		return 0
	done
	return 1
}

# guest_failure_reason: why the guest gave no result (after guest_run failed).
guest_failure_reason() {
	local rc=$1 why
	why=$(tr -d '\r' <"$GUEST_CONSOLE_LOG" | sed -n 's/^GUEST-ERROR: //p' | head -1)
	if [ $rc -eq 124 ]; then
		echo "no result from the guest within the time limit"
	elif [ -n "$why" ]; then
		echo "the guest's /init failed: $why"
	elif ! grep -q GUEST-BOOTED "$GUEST_LOG"; then
		echo "the guest never reached /init (qemu exit $rc; console: $GUEST_CONSOLE_LOG, qemu: $WORK/qemu.log)"
	else
		echo "the guest died before reporting (kernel panic or crash; console: $GUEST_CONSOLE_LOG)"
	fi
}
