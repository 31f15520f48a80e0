#!/usr/bin/env bash
# tools/build-debug-kernel.sh - build a debug kernel for the QEMU driver test
# (opt-in, not part of CI): KASAN, lockdep, atomic-sleep and list/VM
# debugging, from Debian's linux-source-6.1, so that bugs the Debian kernel
# does not notice (a use-after-free, sleeping under a spinlock, a lock order
# inversion) show up as "BUG:"/"WARNING:" lines the runner fails on.
#
# Takes ~13 minutes on 2 cores and ~2.3 GB, once: the tree is kept in the
# kernel cache (tools/kernel-cache.sh dir) and reused. Then:
#   tools/qemu-driver-test.sh --kernel-tree DIR     (DIR is printed at the end)
#   MMAPKIT_KERNEL_TREE=DIR tools/qemu-driver-test.sh
#
# Usage: tools/build-debug-kernel.sh [--jobs N] [--config-only] [--print-tree]
#   --jobs N        parallel make jobs (default: cores + 1)
#   --config-only   unpack and configure, then stop (to inspect .config)
#   --print-tree    print the tree's directory if it is built (exit 1 if not)
# Host packages: flex bison bc libelf-dev libssl-dev (plus gcc, make).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JOBS=$(($(nproc) + 1))
PRINT_ONLY=0
CONFIG_ONLY=0
while [ $# -gt 0 ]; do
	case $1 in
	--jobs) JOBS=${2:?--jobs needs a number}; shift 2 ;;
	--config-only) CONFIG_ONLY=1; shift ;;
	--print-tree) PRINT_ONLY=1; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "build-debug-kernel: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
done

START=$SECONDS
log() { printf '[%4ss] debug-kernel: %s\n' "$((SECONDS - START))" "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 2
}

CACHE=$(bash "$REPO/tools/kernel-cache.sh" dir)
VER=$(apt-cache show --no-all-versions linux-source-6.1 2>/dev/null |
	sed -n 's/^Version: //p' | head -1)
[ -n "$VER" ] || die "apt-cache knows no linux-source-6.1 (apt-get update?)"
OUT=$CACHE/debug-$VER
TREE=$OUT/linux-source-6.1
STAMP=$OUT/.built

if [ -f "$STAMP" ]; then
	[ $PRINT_ONLY -eq 1 ] && { echo "$TREE"; exit 0; }
	log "already built: $TREE"
	log "use: tools/qemu-driver-test.sh --kernel-tree $TREE"
	exit 0
fi
[ $PRINT_ONLY -eq 0 ] || exit 1

missing=()
for t in flex bison bc make gcc perl xz; do
	command -v "$t" >/dev/null || missing+=("$t")
done
for h in /usr/include/gelf.h /usr/include/openssl/ssl.h; do
	[ -f "$h" ] || missing+=("$h")
done
[ ${#missing[@]} -eq 0 ] ||
	die "missing ${missing[*]}: apt-get install flex bison bc libelf-dev libssl-dev"
avail=$(df -Pk "$CACHE" | awk 'NR == 2 {print $4}')
[ "$avail" -gt $((3 * 1024 * 1024)) ] || die "need ~3 GB free in $CACHE"

# --- source: apt-get download into the shared .deb cache ------------------------
mkdir -p "$CACHE/debs" "$OUT"
deb=$(compgen -G "$CACHE/debs/linux-source-6.1_${VER/:/%3a}_*.deb" | head -1 || true)
if [ -z "$deb" ]; then
	log "downloading linux-source-6.1=$VER (~140 MB)"
	(cd "$CACHE/debs" && apt-get download -q "linux-source-6.1=$VER") >/dev/null 2>&1 ||
		die "apt-get download linux-source-6.1=$VER failed (network? apt-get update?)"
	deb=$(compgen -G "$CACHE/debs/linux-source-6.1_${VER/:/%3a}_*.deb" | head -1)
fi
if [ ! -f "$TREE/Makefile" ]; then
	log "unpacking $(basename "$deb")"
	rm -rf "$TREE"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/src/linux-source-6.1.tar.xz |
		tar -xJ -C "$OUT"
fi

# --- configure: a small guest kernel with the debug options ----------------------
cd "$TREE"
log "configuring (x86_64_defconfig + kvm_guest.config + debug options)"
make -s x86_64_defconfig >/dev/null
make -s kvm_guest.config >/dev/null
./scripts/config \
	--enable KASAN --enable KASAN_GENERIC --enable KASAN_INLINE \
	--enable PROVE_LOCKING --enable DEBUG_ATOMIC_SLEEP \
	--enable VIRTIO_CONSOLE \
	--enable DEBUG_LIST --enable DEBUG_VM \
	--disable DEBUG_INFO --disable DEBUG_INFO_BTF \
	--disable MODULE_SIG --disable WERROR \
	--set-str LOCALVERSION -mmapkit-debug --disable LOCALVERSION_AUTO \
	--disable DRM --disable SOUND --disable WLAN --disable WIRELESS \
	--disable USB_SUPPORT --disable HID --disable INPUT_MOUSE
make -s olddefconfig
for opt in KASAN PROVE_LOCKING DEBUG_ATOMIC_SLEEP DEBUG_VM VIRTIO_BLK VIRTIO_CONSOLE EXT4_FS; do
	grep -q "^CONFIG_$opt=y" .config || die "CONFIG_$opt did not stick in .config"
done

if [ $CONFIG_ONLY -eq 1 ]; then
	log "configured: $TREE/.config (build: run again without --config-only)"
	exit 0
fi

# --- build: bzImage and modules (for the Module.symvers an M= build needs) -------
log "building with $JOBS jobs (~13 min on 2 cores); log: $OUT/build.log"
if ! make -j"$JOBS" bzImage modules >"$OUT/build.log" 2>&1; then
	tail -30 "$OUT/build.log" >&2
	die "kernel build failed (full log: $OUT/build.log)"
fi
[ -f arch/x86/boot/bzImage ] && [ -f Module.symvers ] || die "build left no bzImage or Module.symvers"
date -u +%FT%TZ >"$STAMP"
log "built $(make -s kernelrelease) in $(((SECONDS - START) / 60)) min: $TREE ($(du -sh "$OUT" | cut -f1))"
log "use: tools/qemu-driver-test.sh --kernel-tree $TREE"
