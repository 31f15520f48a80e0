#!/usr/bin/env bash
# tools/platform-run.sh - run a static conformance report on a real Debian
# kernel of another (or the same) architecture: boots it in QEMU (TCG) with a
# busybox initramfs, runs the report there, and returns its exit status and
# JSON. Kernels and busybox come from tools/kernel-cache.sh (downloaded on
# first use unless --offline).
#
# Usage: tools/platform-run.sh --arch ARCH --report BIN [options] [-- REPORT_ARGS]
#   --arch ARCH       amd64, i386, arm64, armhf, ppc64el, s390x (also x86_64,
#                     i686, aarch64, arm, ppc64le)
#   --report BIN      a static report binary for ARCH (//conformance:report_static
#                     built for it); also $MMAPKIT_REPORT
#   --kernel SPEC     Debian kernel package or release (tools/kernel-cache.sh
#                     --help); default: Debian's default kernel for ARCH
#   --fs FS           file system of the report's --dir: tmpfs (default); ext4,
#                     ext2, xfs, btrfs or vfat (a fresh virtio disk made by the
#                     host's mkfs.FS); 9p or virtiofs (a fresh host directory
#                     shared with the guest, by QEMU's virtio-9p or by
#                     /usr/lib/qemu/virtiofsd). The tmpfs rows always use a tmpfs.
#   --json FILE       write the report's JSON to FILE
#   --input FILE      copy FILE into the guest as /input/NAME (e.g. a file
#                     REPORT_ARGS name); repeatable
#   --results-dir DIR copy what the guest left in /results to DIR (report.json,
#                     dmesg.txt, the report's other output files)
#   --timeout SEC     limit for the whole guest run (default 180)
#   --accel tcg|kvm|auto  default tcg (auto: KVM if usable, else TCG)
#   --offline         never download: the kernel must be in the cache
#   --work DIR        keep the initramfs, disk image and logs in DIR
#                     (default: a temporary directory, kept when the run fails)
# REPORT_ARGS are the report's own options, as on the target. The runner sets
# --dir and --tmpfs-dir (use --fs); file options name host files: --json,
# --markdown and --junit are copied back to those paths after the run,
# a --baseline FILE is copied into the guest.
# e.g. tools/platform-run.sh --arch s390x --report BIN -- --baseline known.txt --junit j.xml
#
# Exit: the report's status (0 no FAIL or BROKEN row, or deviations exactly as
#   its --baseline lists; 1 otherwise; 2 its usage error), or
#   1   the report passed but the kernel logged a WARNING/BUG/Oops
#   2   bad input or setup (unknown arch or kernel, missing tool or binary)
#   3   the guest gave no result (did not boot, crashed; the message says which)
#   124 the guest did not finish within --timeout
set -euo pipefail

if [ -n "${TEST_SRCDIR:-}" ]; then # under bazel test: the runfiles tree
	REPO=$TEST_SRCDIR/${TEST_WORKSPACE:-mmapkit}
else
	REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fi
START=$SECONDS
log() { printf '[%4ss] platform-run: %s\n' "$((SECONDS - START))" "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 2
}
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

ARCH=""
REPORT=${MMAPKIT_REPORT:-}
KERNEL_SPEC=""
FS=tmpfs
JSON=""
RESULTS_DIR=""
INPUTS=()
TIMEOUT=180
OFFLINE=0
WORK=""
while [ $# -gt 0 ]; do
	case $1 in
	--arch) ARCH=${2:?--arch needs an architecture}; shift 2 ;;
	--report) REPORT=${2:?--report needs a binary}; shift 2 ;;
	--kernel) KERNEL_SPEC=${2:?--kernel needs a package or release}; shift 2 ;;
	--fs) FS=${2:?--fs needs a file system}; shift 2 ;;
	--json) JSON=${2:?--json needs a file}; shift 2 ;;
	--input) INPUTS+=("${2:?--input needs a file}"); shift 2 ;;
	--results-dir) RESULTS_DIR=${2:?--results-dir needs a directory}; shift 2 ;;
	--timeout) TIMEOUT=${2:?--timeout needs seconds}; shift 2 ;;
	--accel) GUEST_ACCEL=${2:?--accel needs tcg, kvm or auto}; shift 2 ;;
	--offline) OFFLINE=1; shift ;;
	--work) WORK=${2:?--work needs a directory}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	*) die "unknown option '$1' (see --help; the report's own options go after --)" ;;
	esac
done
REPORT_ARGS=("$@")

# --- input checks, before anything is downloaded or written ----------------------
[ -n "$ARCH" ] || die "--arch is required: amd64, i386, arm64, armhf, ppc64el or s390x"
case $ARCH in
amd64 | x86_64) ARCH=amd64 ELF_MACHINE="X86-64" ELF_CLASS=ELF64 ELF_DATA=little ;;
i386 | i686 | x86) ARCH=i386 ELF_MACHINE="80386" ELF_CLASS=ELF32 ELF_DATA=little ;;
arm64 | aarch64) ARCH=arm64 ELF_MACHINE="AArch64" ELF_CLASS=ELF64 ELF_DATA=little ;;
armhf | arm | armv7 | armv7l) ARCH=armhf ELF_MACHINE="ARM" ELF_CLASS=ELF32 ELF_DATA=little ;;
ppc64el | ppc64le | powerpc64le) ARCH=ppc64el ELF_MACHINE="PowerPC64" ELF_CLASS=ELF64 ELF_DATA=little ;;
s390x) ELF_MACHINE="S/390" ELF_CLASS=ELF64 ELF_DATA=big ;;
*) die "unknown architecture '$ARCH': use amd64, i386, arm64, armhf, ppc64el or s390x" ;;
esac
# shellcheck source=tools/fs-image.sh
. "$REPO/tools/fs-image.sh"
VIRTIOFSD=/usr/lib/qemu/virtiofsd
case $FS in
tmpfs | ext4 | ext2 | xfs | btrfs | vfat | 9p | virtiofs) ;;
*) die "unknown --fs '$FS': use tmpfs, ext4, ext2, xfs, btrfs, vfat, 9p or virtiofs" ;;
esac
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout needs whole seconds, got '$TIMEOUT'"
# The report's file options name host files: output files (--json, --markdown,
# --junit) are written in the guest's /results and copied to the host path
# afterwards, a --baseline is copied into the guest. Rewritten into GUEST_ARGS.
GUEST_ARGS=()
OUTPUTS=() # "guest-name host-path"
i=0
while [ $i -lt ${#REPORT_ARGS[@]} ]; do
	a=${REPORT_ARGS[$i]}
	opt=${a%%=*}
	if [[ $a == *=* ]]; then
		value=${a#*=}
	else
		value=${REPORT_ARGS[$((i + 1))]-}
	fi
	case $opt in
	--dir | --tmpfs-dir)
		die "'$a' after --: the runner sets the report's --dir and --tmpfs-dir (use --fs)"
		;;
	--compare) die "'--compare' after --: compare two JSON files on the host (report --compare A.json B.json)" ;;
	--json | --markdown | --junit | --baseline)
		[ -n "$value" ] || die "'$opt' after -- needs a file"
		case $opt in
		--json) JSON=$value ;;
		--baseline)
			[ -f "$value" ] && [ -r "$value" ] || die "--baseline $value: no such file"
			INPUTS+=("$value")
			GUEST_ARGS+=("$opt" "/input/$(basename "$value")")
			;;
		*)
			n=${#OUTPUTS[@]}
			OUTPUTS+=("out$n.$(basename "$value") $value")
			GUEST_ARGS+=("$opt" "/results/out$n.$(basename "$value")")
			;;
		esac
		[[ $a == *=* ]] || i=$((i + 1))
		;;
	*) GUEST_ARGS+=("$a") ;;
	esac
	i=$((i + 1))
done
for o in "${OUTPUTS[@]}"; do
	odir=$(dirname "${o#* }")
	[ -d "$odir" ] && [ -w "$odir" ] || die "${o#* }: directory $odir does not exist or is not writable"
done
for f in "${INPUTS[@]}"; do
	[ -f "$f" ] && [ -r "$f" ] || die "--input $f is not a readable file"
done

PATH=$PATH:/usr/sbin:/sbin # mkfs.* live there; Bazel's strict action PATH lacks them
for t in readelf cpio gzip timeout tar; do
	command -v "$t" >/dev/null || die "'$t' not found: run tools/bootstrap.sh"
done
[ -n "$REPORT" ] || die "--report is required: a static report binary for $ARCH (//conformance:report_static built for it)"
[ -f "$REPORT" ] && [ -r "$REPORT" ] || die "--report $REPORT: no such file"
hdr=$(readelf -h "$REPORT" 2>/dev/null) || die "--report $REPORT is not an ELF executable"
grep -q "Class: *$ELF_CLASS" <<<"$hdr" && grep -q "Data: .*$ELF_DATA endian" <<<"$hdr" &&
	grep -q "Machine: .*$ELF_MACHINE" <<<"$hdr" ||
	die "--report $REPORT is built for $(sed -n 's/^ *Machine: *//p' <<<"$hdr") ($(sed -n 's/^ *Class: *//p' <<<"$hdr"), $(sed -n 's/^ *Data: *[^,]*, *//p' <<<"$hdr")), not $ARCH"
! readelf -l "$REPORT" 2>/dev/null | grep -q 'program interpreter' ||
	die "--report $REPORT is dynamically linked; the guest has no libc (build report_static)"
problem=$(fs_image_check "$FS")
[ -z "$problem" ] || die "--fs $FS: $problem"
if [ "$FS" = virtiofs ]; then
	[ -x "$VIRTIOFSD" ] || die "--fs virtiofs: $VIRTIOFSD not found (Debian package qemu-system-common)"
	[ "$(id -u)" -eq 0 ] || die "--fs virtiofs: virtiofsd needs root"
	case $ARCH in s390x) die "--fs virtiofs: not set up for s390x (use 9p)" ;; esac
fi
if [ -n "$JSON" ]; then
	jdir=$(dirname "$JSON")
	[ -d "$jdir" ] && [ -w "$jdir" ] || die "--json $JSON: directory $jdir does not exist or is not writable"
fi
if [ -n "$RESULTS_DIR" ]; then
	rparent=$(dirname "$RESULTS_DIR")
	[ -d "$rparent" ] && [ -w "$rparent" ] || die "--results-dir $RESULTS_DIR: directory $rparent does not exist or is not writable"
fi

# shellcheck source=tools/qemu-guest.sh
. "$REPO/tools/qemu-guest.sh"
guest_machine

# --- the kernel, the work directory ---------------------------------------------------
kargs=(--arch "$ARCH")
[ -z "$KERNEL_SPEC" ] || kargs+=(--kernel "$KERNEL_SPEC")
guest_kernel $OFFLINE "${kargs[@]}"
guest_workdir platform-run-$ARCH

# --- initramfs: busybox, modules, the report, the job ------------------------------------
features=()
[ "$FS" = tmpfs ] || features+=("$FS")
guest_stage "${features[@]}"
cp -L "$REPORT" "$GUEST_ROOT/report"
chmod 755 "$GUEST_ROOT/report"
if [ ${#INPUTS[@]} -gt 0 ]; then
	mkdir -p "$GUEST_ROOT/input"
	for f in "${INPUTS[@]}"; do cp -L "$f" "$GUEST_ROOT/input/"; done
fi
# The report's arguments, one per line (so spaces survive).
printf '%s\n' "${GUEST_ARGS[@]}" >"$GUEST_ROOT/etc/report.args"
[ ${#GUEST_ARGS[@]} -gt 0 ] || : >"$GUEST_ROOT/etc/report.args"
printf 'FS=%s\n' "$FS" >"$GUEST_ROOT/etc/platform.env"
cat >"$GUEST_ROOT/etc/job.sh" <<'EOF'
# job.sh - the conformance report with --dir on $FS; the tmpfs rows on a tmpfs.
. /etc/platform.env
export TMPDIR=/tmp
mkdir -p /mnt/shm /mnt/fs
mount -t tmpfs -o size=256m tmpfs /mnt/shm
mount -t tmpfs -o size=256m tmpfs /tmp
if [ "$FS" = tmpfs ]; then
	mount -t tmpfs -o size=256m tmpfs /mnt/fs
elif [ "$FS" = 9p ]; then
	mount -t 9p -o trans=virtio,version=9p2000.L mmapkit-fs /mnt/fs ||
		{ echo "GUEST-SETUP: mount -t 9p mmapkit-fs failed"; rc=3; return; }
elif [ "$FS" = virtiofs ]; then
	mount -t virtiofs mmapkit-fs /mnt/fs || { echo "GUEST-SETUP: mount -t virtiofs mmapkit-fs failed"; rc=3; return; }
else
	dev=$(disk mmapkit-fs) || { echo "GUEST-SETUP: no virtio disk mmapkit-fs"; rc=3; return; }
	mount -t "$FS" "$dev" /mnt/fs || { echo "GUEST-SETUP: mount -t $FS $dev failed"; rc=3; return; }
fi
mkdir -p /mnt/fs/report
set --
while IFS= read -r a; do set -- "$@" "$a"; done </etc/report.args
echo "GUEST-REPORT: /report --dir /mnt/fs/report --tmpfs-dir /mnt/shm --json /results/report.json $*"
/report --dir /mnt/fs/report --tmpfs-dir /mnt/shm --json /results/report.json "$@"
rc=$?
EOF

# The file system of --dir: a disk image, or a host directory QEMU shares.
disk_args=()
case $FS in
tmpfs) ;;
9p | virtiofs)
	rm -rf "$WORK/share"
	mkdir -p "$WORK/share"
	if [ "$FS" = 9p ]; then
		mapfile -t disk_args < <(guest_9p "$WORK/share" mmapkit-fs)
	else
		guest_virtiofsd "$VIRTIOFSD" "$WORK/share" mmapkit-fs
		mapfile -t disk_args < <(guest_virtiofs mmapkit-fs)
	fi
	;;
*)
	fs_image_make "$FS" "$WORK/$FS.img" || die "$(fs_image_tool "$FS") $WORK/$FS.img failed"
	mapfile -t disk_args < <(guest_disk "$WORK/$FS.img" mmapkit-fs)
	;;
esac

# --- boot, run, verdict --------------------------------------------------------------------
grc=0
guest_run "$TIMEOUT" "${disk_args[@]}" || grc=$?
tr -d '\r' <"$GUEST_LOG" | grep -vE '^GUEST-(BOOTED|EXIT)' || true
if [ $grc -ne 0 ]; then
	guest_kernel_problem || true
	log "$(guest_failure_reason $grc)"
	[ $grc -eq 124 ] && exit 124
	exit 3
fi
setup=$(tr -d '\r' <"$GUEST_LOG" | sed -n 's/^GUEST-SETUP: //p' | head -1)
[ -z "$setup" ] || { log "guest setup failed: $setup"; exit 3; }
status=$GUEST_EXIT
if [ -n "$JSON" ]; then
	if [ -s "$GUEST_FILES/report.json" ]; then
		cp "$GUEST_FILES/report.json" "$JSON.tmp.$$" && mv "$JSON.tmp.$$" "$JSON"
		log "JSON: $JSON"
	else
		log "the report wrote no JSON (exit $status)"
		[ "$status" -ne 0 ] || status=3
	fi
fi
for o in "${OUTPUTS[@]}"; do
	if [ -f "$GUEST_FILES/${o%% *}" ]; then
		cp "$GUEST_FILES/${o%% *}" "${o#* }.tmp.$$" && mv "${o#* }.tmp.$$" "${o#* }"
		log "wrote ${o#* }"
	else
		log "the report wrote no ${o#* }"
	fi
done
if [ -n "$RESULTS_DIR" ]; then
	mkdir -p "$RESULTS_DIR"
	cp -R "$GUEST_FILES/." "$RESULTS_DIR/"
	log "results: $RESULTS_DIR ($(cd "$GUEST_FILES" && ls | tr '\n' ' '))"
fi
if guest_kernel_problem; then
	log "the kernel logged a problem while the report ran"
	[ "$status" -ne 0 ] || status=1
fi
log "report on $ARCH $KREL ($FS): exit $status in $((SECONDS - START))s"
exit "$status"
