#!/usr/bin/env bash
# tools/bootstrap.d/kernel.sh - the kernel cache for the QEMU driver test.
#
# Fetches the Debian kernel that `linux-image-amd64` currently points at (image,
# matching headers, their -common tree and kbuild, all pinned to one version)
# with `apt-get download` and unpacks what the test needs with `dpkg-deb -x`
# into a cache outside the source tree. Nothing is installed on the host. Run by
# tools/bootstrap.sh; idempotent; the test itself then needs no network.
#
#   kernel.sh            fill the cache (downloads only what is missing)
#   kernel.sh --check    exit 0 if the cache is complete, 1 if not (no changes)
#   kernel.sh --print    print the cache layout as KEY=VALUE lines (exit 1 if
#                        incomplete); tools/qemu-driver-test.sh reads these
#   kernel.sh --cache-dir  print the cache directory (e.g. for
#                        tools/build-debug-kernel.sh) and exit
#
# Cache: $MMAPKIT_KERNEL_CACHE, else /var/cache/mmapkit/kernel when writable
# (or already filled, e.g. by root), else ${XDG_CACHE_HOME:-$HOME/.cache}/mmapkit/kernel.
# Layout:  debs/*.deb                      what apt-get downloaded
#          <release>/usr/src/linux-headers-<release>/   the M= build tree
#          <release>/boot/vmlinuz-<release>            the kernel image (bzImage)
#          <release>/boot/vmlinux-<release>            the same, uncompressed
#          <release>/lib/modules/<release>/...         ext4, virtio_blk and deps
#          <release>/guest-modules                     their insmod order
#          <release>/.complete                         written last
set -euo pipefail

MODE=fetch
case "${1:-}" in
"") ;;
--check) MODE=check ;;
--print) MODE=print ;;
--cache-dir) MODE=cache-dir ;;
-h | --help)
	sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 0
	;;
*)
	echo "kernel.sh: unknown option '$1' (try --help)" >&2
	exit 2
	;;
esac

say() { printf 'kernel: %s\n' "$*" >&2; }
die() {
	printf 'kernel: ERROR: %s\n' "$*" >&2
	exit 2
}

# Modules the conformance run loads to mount an ext4 virtio disk; their
# dependencies are added. ext4 needs the "crc32c" hash at mount time (a soft
# dependency, and the guest has no modprobe): load the generic one.
GUEST_MODULES=(virtio_pci virtio_blk crc32c_generic ext4)

# --- where the cache lives ----------------------------------------------------
writable() { # writable DIR: DIR, or the ancestor it would be made in, is writable
	local d=$1
	while [ ! -e "$d" ]; do d=$(dirname "$d"); done
	[ -d "$d" ] && [ -w "$d" ]
}
cache_dir() {
	local sys=/var/cache/mmapkit/kernel
	if [ -n "${MMAPKIT_KERNEL_CACHE:-}" ]; then
		echo "$MMAPKIT_KERNEL_CACHE"
	elif writable "$sys"; then
		echo "$sys"
	elif [ -d "$sys" ] && [ "$MODE" != fetch ] && [ "$MODE" != cache-dir ]; then
		echo "$sys" # filled by root; readable is enough to use it
	else # (bazel test runs without HOME: ask the passwd database)
		local home=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
		echo "${XDG_CACHE_HOME:-${home:?cannot tell the home directory}/.cache}/mmapkit/kernel"
	fi
}
CACHE=$(cache_dir)
if [ "$MODE" = cache-dir ]; then
	echo "$CACHE"
	exit 0
fi

# --- which kernel: the candidate of linux-image-amd64, never hard-coded -------
command -v apt-cache >/dev/null || die "apt-cache not found: this needs Debian 12"
field() { # field NAME < apt-cache show output
	sed -n "s/^$1: //p" | head -1
}
meta=$(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null) || meta=""
if [ -z "$meta" ] && [ "$MODE" = fetch ] && [ "$(id -u)" -eq 0 ]; then
	# A fresh machine may have no package lists yet.
	say "apt-cache knows no linux-image-amd64: apt-get update"
	apt-get update -qq || die "apt-get update failed: no access to the Debian mirror?"
	meta=$(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null) || meta=""
fi
[ -n "$meta" ] ||
	die "apt-cache knows no linux-image-amd64: run 'apt-get update' (as root)"
KVER=$(field Version <<<"$meta")                       # 6.1.192-2
KREL=$(field Depends <<<"$meta" |
	sed -n 's/^linux-image-\([^ ,]*\).*/\1/p')         # 6.1.0-56-amd64
[ -n "$KVER" ] && [ -n "$KREL" ] ||
	die "cannot read the kernel release from 'apt-cache show linux-image-amd64'"
ROOT=$CACHE/$KREL
KDIR=$ROOT/usr/src/linux-headers-$KREL
VMLINUZ=$ROOT/boot/vmlinuz-$KREL
VMLINUX=$ROOT/boot/vmlinux-$KREL
STAMP=$ROOT/.complete
# Bump when the layout changes: older caches are then unpacked again.
LAYOUT=2

complete() { [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$KVER layout $LAYOUT" ]; }

case $MODE in
check)
	if complete; then
		say "cache complete: $KREL ($KVER) in $CACHE"
		exit 0
	fi
	say "cache lacks $KREL ($KVER) in $CACHE: run tools/bootstrap.sh"
	exit 1
	;;
print)
	complete || exit 1
	printf '%s=%s\n' CACHE "$CACHE" KREL "$KREL" KVER "$KVER" KDIR "$KDIR" \
		VMLINUZ "$VMLINUZ" VMLINUX "$VMLINUX" MODDIR "$ROOT/lib/modules/$KREL" \
		GUEST_MODULES "$ROOT/guest-modules"
	exit 0
	;;
esac

if complete; then
	say "cache complete: $KREL ($KVER) in $CACHE"
	exit 0
fi

# --- fetch: one writer at a time ----------------------------------------------
for t in apt-get dpkg-deb tar flock objcopy readelf od dd xz; do
	command -v "$t" >/dev/null || die "missing '$t'"
done
mkdir -p "$CACHE/debs" || die "cannot create $CACHE (set MMAPKIT_KERNEL_CACHE)"
exec 9>"$CACHE/.lock"
flock 9
complete && exit 0 # another run filled it while we waited

# The headers name their -common tree and kbuild package; pin all to $KVER.
hdeps=$(apt-cache show "linux-headers-$KREL=$KVER" 2>/dev/null | field Depends)
COMMON=$(tr ',' '\n' <<<"$hdeps" | sed -n 's/^ *\(linux-headers-[^ ]*-common\).*/\1/p')
KBUILD=$(tr ',' '\n' <<<"$hdeps" | sed -n 's/^ *\(linux-kbuild-[^ ]*\).*/\1/p')
[ -n "$COMMON" ] && [ -n "$KBUILD" ] ||
	die "cannot find the -common and kbuild packages in the Depends of linux-headers-$KREL=$KVER"
PKGS=("linux-image-$KREL" "linux-headers-$KREL" "$COMMON" "$KBUILD")

deb() { # deb PACKAGE: its downloaded file (amd64 or all), or nothing
	compgen -G "$CACHE/debs/${1}_${KVER/:/%3a}_*.deb" | head -1 || true
}
need=()
for p in "${PKGS[@]}"; do
	[ -n "$(deb "$p")" ] || need+=("$p=$KVER")
done
if [ ${#need[@]} -gt 0 ]; then
	say "downloading ${need[*]}"
	tmp=$(mktemp -d "$CACHE/debs/.dl.XXXXXX")
	# apt-get verifies each file against the signed package index.
	if ! (cd "$tmp" && apt-get download -q "${need[@]}") >"$tmp/log" 2>&1; then
		grep -v '^W: Download is performed unsandboxed' "$tmp/log" >&2 || true
		rm -rf "$tmp"
		die "apt-get download failed (no access to the Debian mirror? stale lists: apt-get update)"
	fi
	mv "$tmp"/*.deb "$CACHE/debs/"
	rm -rf "$tmp"
fi
for p in "${PKGS[@]}"; do
	[ -n "$(deb "$p")" ] || die "no $p .deb in $CACHE/debs after download"
done

say "unpacking $KREL into $ROOT"
work=$(mktemp -d "$CACHE/.$KREL.XXXXXX")
trap 'rm -rf "$work"' EXIT
for p in "linux-headers-$KREL" "$COMMON" "$KBUILD"; do
	dpkg-deb -x "$(deb "$p")" "$work"
done
# The arch headers' Makefile includes the -common tree by absolute path
# (/usr/src/...); point it at the final cache location instead.
sed -i "s|^include /usr/src/|include $ROOT/usr/src/|" \
	"$work/usr/src/linux-headers-$KREL/Makefile"
grep -q "^include $ROOT/" "$work/usr/src/linux-headers-$KREL/Makefile" ||
	die "unexpected layout: linux-headers-$KREL/Makefile has no 'include /usr/src/...'"

# From the image: the bzImage, and the few modules the guest loads with their
# dependencies (the deb has no modules.dep and the host may lack kmod: read
# each module's "depends=" from its .modinfo section).
img=$(deb "linux-image-$KREL")
mods=lib/modules/$KREL
all=$work/.all-modules
mkdir -p "$all"
dpkg-deb --fsys-tarfile "$img" |
	tar -x -C "$all" --wildcards "./boot/vmlinuz-$KREL" "./$mods/*"
mkdir -p "$work/boot"
mv "$all/boot/vmlinuz-$KREL" "$work/boot/"
declare -A seen=()
order=()
add_module() { # add_module NAME: its dependencies first, each module once
	local name=$1 path dep deps
	path=$(grep -E "(^|/)${name//[_-]/[_-]}\.ko\$" "$all/$mods/modules.order" | head -1)
	if [ -z "$path" ]; then
		grep -qE "(^|/)${name//[_-]/[_-]}\.ko\$" "$all/$mods/modules.builtin" ||
			die "module $name is neither in modules.order nor built in"
		return 0
	fi
	[ -z "${seen[$path]:-}" ] || return 0
	seen[$path]=1
	deps=$(objcopy -O binary --only-section=.modinfo "$all/$mods/$path" /dev/stdout |
		tr '\0' '\n' | sed -n 's/^depends=//p')
	for dep in ${deps//,/ }; do
		add_module "$dep"
	done
	order+=("$path")
}
for m in "${GUEST_MODULES[@]}"; do
	add_module "$m"
done
for path in "${order[@]}"; do
	mkdir -p "$work/$mods/$(dirname "$path")"
	mv "$all/$mods/$path" "$work/$mods/$path"
done
rm -rf "$all"
printf '%s\n' "${order[@]}" >"$work/guest-modules"

# QEMU boots an uncompressed ELF vmlinux directly (PVH entry), skipping the
# xz decompression that costs TCG several seconds per boot. The payload's
# place is in the bzImage setup header (Documentation/x86/boot.rst).
bz=$work/boot/vmlinuz-$KREL
sects=$(od -An -tu1 -j $((0x1f1)) -N1 "$bz" | tr -d ' ')
[ "$sects" -ne 0 ] || sects=4
read -r off len < <(od -An -tu4 -j $((0x248)) -N8 "$bz")
dd if="$bz" of="$work/payload" bs=64k iflag=skip_bytes,count_bytes status=none \
	skip=$(((sects + 1) * 512 + off)) count="$len"
case $(od -An -tx1 -N4 "$work/payload" | tr -d ' ') in
fd377a58) xz -dc --single-stream <"$work/payload" >"$work/boot/vmlinux-$KREL" || true ;;
1f8b*) gzip -dc <"$work/payload" >"$work/boot/vmlinux-$KREL" 2>/dev/null || true ;;
28b52ffd) zstd -qdc <"$work/payload" >"$work/boot/vmlinux-$KREL" || true ;;
esac
rm -f "$work/payload"
# XEN_ELFNOTE_PHYS32_ENTRY (0x12) is the PVH entry point QEMU needs.
if ! readelf -n "$work/boot/vmlinux-$KREL" 2>/dev/null | grep -qE 'note type: \(0x00000012\)|PHYS32_ENTRY'; then
	say "no PVH-bootable vmlinux in the bzImage; QEMU will boot the (slower) bzImage"
	rm -f "$work/boot/vmlinux-$KREL"
fi

echo "$KVER layout $LAYOUT" >"$work/.complete"
rm -rf "$ROOT"
mv "$work" "$ROOT"
trap - EXIT
# Old kernels and their .debs are left for `rm -rf` by hand; say so.
others=$(find "$CACHE" -mindepth 1 -maxdepth 1 -type d ! -name debs ! -name "$KREL" \
	! -name 'debug-*' ! -name '.*' -printf '%f ')
[ -z "$others" ] || say "older kernels in the cache (safe to delete): $others"
say "cache complete: $KREL ($KVER) in $CACHE ($(du -sh "$CACHE" | cut -f1))"
