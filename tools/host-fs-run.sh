#!/usr/bin/env bash
# tools/host-fs-run.sh - run the conformance report on this machine's kernel
# with its disk rows on a chosen file system, made fresh for the run in a
# private mount namespace (nothing is mounted outside it, and everything is
# gone when the run ends, even after a crash). Needs root.
#
# Usage: tools/host-fs-run.sh --fs FS --report BIN [--work DIR] [-- REPORT_ARGS]
#   --fs FS         the file system of the report's --dir:
#                     ext4, ext2, ext3, xfs, btrfs, vfat  a fresh image on a
#                                     loop device (the host's mkfs.FS)
#                     tmpfs           a fresh tmpfs
#                     overlayfs       overlay whose layers are on a fresh ext4
#                     fuse            bindfs of a fresh tmpfs directory
#                     fuse-direct_io  the same with -o direct_io (no MAP_SHARED)
#   --report BIN    the report binary (//conformance:report or report_static);
#                   also $MMAPKIT_REPORT
#   --work DIR      keep the image and logs in DIR (default: a temporary
#                   directory, removed afterwards; $TEST_TMPDIR under bazel test)
# REPORT_ARGS are the report's own options (--json FILE, --baseline FILE, ...);
# the runner sets --dir, and --tmpfs-dir to a fresh tmpfs for the tmpfs rows.
#
# Exit: the report's status (0 no FAIL or BROKEN row, or deviations exactly as
#   its --baseline lists; 1 otherwise; 2 its usage error), or 2 when the file
#   system cannot be made here (the message names what is missing: root, a
#   program and its Debian package, the kernel's support for FS).
set -euo pipefail

if [ -n "${TEST_SRCDIR:-}" ]; then # under bazel test: the runfiles tree
	REPO=$TEST_SRCDIR/${TEST_WORKSPACE:-mmapkit}
else
	REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fi
log() { printf 'host-fs-run: %s\n' "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 2
}
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

FS=""
REPORT=${MMAPKIT_REPORT:-}
WORK=""
while [ $# -gt 0 ]; do
	case $1 in
	--fs) FS=${2:?--fs needs a file system}; shift 2 ;;
	--report) REPORT=${2:?--report needs a binary}; shift 2 ;;
	--work) WORK=${2:?--work needs a directory}; shift 2 ;;
	-h | --help) usage; exit 0 ;;
	--) shift; break ;;
	*) die "unknown option '$1' (see --help; the report's own options go after --)" ;;
	esac
done
REPORT_ARGS=("$@")
for a in "${REPORT_ARGS[@]}"; do
	case ${a%%=*} in
	--dir | --tmpfs-dir) die "'$a' after --: the runner sets the report's --dir and --tmpfs-dir (use --fs)" ;;
	esac
done

# shellcheck source=tools/fs-image.sh
. "$REPO/tools/fs-image.sh"
PATH=$PATH:/usr/sbin:/sbin
# kernel_has FS: the running kernel knows FS (built in, or a module it can load).
kernel_has() {
	grep -qw "$1" /proc/filesystems && return 0
	modprobe -q "$1" 2>/dev/null && grep -qw "$1" /proc/filesystems
}
[ -n "$FS" ] || die "--fs is required: ext4, ext2, ext3, xfs, btrfs, vfat, tmpfs, overlayfs, fuse or fuse-direct_io"
case $FS in
ext4 | ext2 | ext3 | xfs | btrfs | vfat)
	problem=$(fs_image_check "$FS")
	[ -z "$problem" ] || die "--fs $FS: $problem"
	kernel_has "$FS" || die "--fs $FS: this kernel ($(uname -r)) has no $FS (not in /proc/filesystems)"
	;;
tmpfs) ;;
overlayfs)
	kernel_has overlay || die "--fs overlayfs: this kernel ($(uname -r)) has no overlay file system"
	[ -z "$(fs_image_check ext4)" ] || die "--fs overlayfs: its layers need $(fs_image_check ext4)"
	;;
fuse | fuse-direct_io)
	command -v bindfs >/dev/null || die "--fs $FS: bindfs not found (Debian package bindfs; tools/bootstrap.sh installs it)"
	command -v fusermount3 >/dev/null || command -v fusermount >/dev/null ||
		die "--fs $FS: fusermount not found (Debian package fuse3)"
	[ -c /dev/fuse ] || die "--fs $FS: no /dev/fuse"
	;;
*) die "unknown --fs '$FS': use ext4, ext2, ext3, xfs, btrfs, vfat, tmpfs, overlayfs, fuse or fuse-direct_io" ;;
esac
[ "$(id -u)" -eq 0 ] || die "--fs $FS: needs root (a private mount namespace$(
	case $FS in ext* | xfs | btrfs | vfat | overlayfs) echo ' and a loop device' ;; esac))"
command -v unshare >/dev/null || die "unshare not found (Debian package util-linux)"
[ -n "$REPORT" ] || die "--report is required: the report binary (//conformance:report)"
[ -f "$REPORT" ] && [ -x "$REPORT" ] || die "--report $REPORT: no such executable"
REPORT=$(cd "$(dirname "$REPORT")" && pwd)/$(basename "$REPORT")

if [ -z "$WORK" ]; then
	if [ -n "${TEST_TMPDIR:-}" ]; then
		WORK=$TEST_TMPDIR/host-fs-$FS
	else
		WORK=$(mktemp -d "${TMPDIR:-/tmp}/mmapkit-host-fs-$FS.XXXXXX")
		trap 'rm -rf "$WORK"' EXIT
	fi
fi
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

# In the namespace: mount what FS needs under $WORK/mnt, run the report there,
# unmount (the namespace's end would too; FUSE daemons need telling).
export FS WORK REPORT
rc=0
unshare --mount --propagation private -- bash -c '
set -u
mnt=$WORK/mnt
mkdir -p "$mnt" "$WORK/shm"
mount -t tmpfs -o size=256m tmpfs "$WORK/shm"
fail() { echo "host-fs-run: ERROR: $*" >&2; exit 2; }
. "$0"
case $FS in
tmpfs) mount -t tmpfs -o size=256m tmpfs "$mnt" || fail "mount -t tmpfs failed" ;;
overlayfs)
	fs_image_make ext4 "$WORK/layers.img" || fail "mkfs.ext4 failed"
	mkdir -p "$WORK/layers"
	mount -o loop "$WORK/layers.img" "$WORK/layers" || fail "mount -o loop of the ext4 layers failed"
	mkdir -p "$WORK/layers/lower" "$WORK/layers/upper" "$WORK/layers/work"
	mount -t overlay overlay -o "lowerdir=$WORK/layers/lower,upperdir=$WORK/layers/upper,workdir=$WORK/layers/work" "$mnt" ||
		fail "mount -t overlay failed"
	;;
fuse | fuse-direct_io)
	mkdir -p "$WORK/fuse-src"
	mount -t tmpfs -o size=256m tmpfs "$WORK/fuse-src"
	opts=()
	[ "$FS" = fuse ] || opts=(-o direct_io)
	bindfs "${opts[@]}" "$WORK/fuse-src" "$mnt" || fail "bindfs ${opts[*]} failed"
	;;
*)
	fs_image_make "$FS" "$WORK/$FS.img" || fail "$(fs_image_tool "$FS") failed"
	mount -t "$FS" -o loop "$WORK/$FS.img" "$mnt" || fail "mount -t $FS -o loop failed (no free loop device?)"
	;;
esac
mkdir -p "$mnt/report"
"$REPORT" --dir "$mnt/report" --tmpfs-dir "$WORK/shm" "${@}"
rc=$?
case $FS in fuse*) fusermount3 -u "$mnt" 2>/dev/null || fusermount -u "$mnt" 2>/dev/null || umount -l "$mnt" ;; esac
exit $rc
' "$REPO/tools/fs-image.sh" "${REPORT_ARGS[@]}" || rc=$?
exit $rc
