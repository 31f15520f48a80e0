# shellcheck shell=bash
# tools/fs-image.sh - fresh file-system images for the report's disk rows,
# made with the host's mkfs.*. Sourced by tools/platform-run.sh (a virtio disk
# of a QEMU guest) and tools/host-fs-run.sh (a loop device on the host).
#
#   fs_image_tool FS        the mkfs program for FS, or nothing if FS needs none
#   fs_image_package FS     the Debian package that has it
#   fs_image_check FS       "" if the host can make FS, else why not (names
#                           the missing program and its package)
#   fs_image_make FS FILE   a fresh, sparse image of FS in FILE (512 MiB: xfs
#                           needs at least 300); mkfs's output on failure

FS_IMAGE_SIZE=512M

fs_image_tool() {
	case $1 in
	ext2 | ext3 | ext4 | xfs | btrfs | vfat) echo "mkfs.$1" ;;
	esac
}

fs_image_package() {
	case $1 in
	ext*) echo e2fsprogs ;;
	xfs) echo xfsprogs ;;
	btrfs) echo btrfs-progs ;;
	vfat) echo dosfstools ;;
	esac
}

fs_image_check() {
	local tool
	tool=$(fs_image_tool "$1")
	[ -z "$tool" ] && return 0
	PATH=$PATH:/usr/sbin:/sbin command -v "$tool" >/dev/null ||
		echo "$tool not found (Debian package $(fs_image_package "$1"); tools/bootstrap.sh installs it)"
}

fs_image_make() {
	local fs=$1 img=$2 tool out rc=0
	tool=$(fs_image_tool "$fs")
	rm -f "$img"
	truncate -s "$FS_IMAGE_SIZE" "$img" || return 1
	case $fs in
	ext*) out=$(PATH=$PATH:/usr/sbin:/sbin "$tool" -q -F "$img" 2>&1) || rc=$? ;;
	xfs | btrfs) out=$(PATH=$PATH:/usr/sbin:/sbin "$tool" -q -f "$img" 2>&1) || rc=$? ;;
	vfat) out=$(PATH=$PATH:/usr/sbin:/sbin "$tool" "$img" 2>&1) || rc=$? ;;
	*) out="no image for file system '$fs'" rc=1 ;;
	esac
	[ $rc -eq 0 ] || printf '%s\n' "$out" | head -5 >&2
	return $rc
}
