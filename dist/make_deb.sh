#!/usr/bin/env bash
# dist/make_deb.sh - the //dist:deb action: installs mmapkit under /usr into a staging
# directory with dist/install.sh and packs it with dpkg-deb.
#
#   make_deb.sh INSTALLER PACKAGE VERSION DESCRIPTION OUT.deb
#
# Architecture: this machine's (dpkg --print-architecture): the package holds the tools
# built for it. Depends: the libc6 version the binaries need (their highest GLIBC_x.y).
# Man pages are gzip-compressed as Debian policy asks.
set -euo pipefail

die() { echo "make_deb: $*" >&2; exit 1; }
[ $# -eq 5 ] || die "usage: make_deb.sh INSTALLER PACKAGE VERSION DESCRIPTION OUT.deb"
installer=$1 package=$2 version=$3 description=$4 out=$5

stage="$out.stage"
rm -rf "$stage"
trap 'rm -rf "$stage"' EXIT
RUNFILES_DIR="$installer.runfiles" "$installer" --prefix /usr --destdir "$stage" >/dev/null
find "$stage/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} +

arch=$(dpkg --print-architecture)
glibc=$(find "$stage/usr/bin" "$stage/usr/lib" -type f \( -perm -u+x -o -name '*.so*' \) \
  -exec objdump -T {} + 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' |
  sort -uV | tail -1)
[ -n "$glibc" ] || die "found no GLIBC symbol version in the binaries"
size_kib=$(du -sk "$stage/usr" | cut -f1)

mkdir -p "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<EOF
Package: $package
Version: $version
Architecture: $arch
Maintainer: mmapkit developers <mmapkit@localhost>
Installed-Size: $size_kib
Depends: libc6 (>= $glibc)
Section: libs
Priority: optional
Description: $description
 The mmapkit C library (shared and static, headers, pkg-config file) and its
 tools: mmapcp, mapwatch, mapwrite, anonchat and mmapkit-report, the mmap
 conformance report for a platform.
EOF
# ldconfig after install and removal: the dynamic linker's cache learns libmmapkit.so.N.
echo "activate-noawait ldconfig" >"$stage/DEBIAN/triggers"

dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
