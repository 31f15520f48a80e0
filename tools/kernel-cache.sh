#!/usr/bin/env bash
# tools/kernel-cache.sh - Debian kernels and a static busybox for QEMU guests,
# any architecture, fetched with `apt-get download` through a private apt
# state: the host's dpkg architectures, package lists and installed packages
# are never touched. Several kernels live side by side, one directory each.
#
# Usage: tools/kernel-cache.sh COMMAND [options]
#   fetch     make sure the kernel (with --headers: its headers and kbuild)
#             and busybox are cached, downloading what is missing; then print
#             the layout as KEY=VALUE lines
#   print     the same layout, never downloading; exit 1 if not cached
#   check     exit 0 if cached, 1 if not (says which)
#   list      the cached kernels: ARCH RELEASE VERSION [headers]
#   available the kernel packages Debian has for --arch (as of the cached lists)
#   dir       print the cache directory
#   stamp     print the stamp file: it lists every cached entry and changes
#             whenever one is added (Bazel reads it, see third_party/kernel_cache.bzl)
# Options:
#   --arch ARCH       amd64 (default), i386, arm64, armhf, ppc64el, s390x
#                     (also x86_64, i686, aarch64, arm, ppc64le)
#   --kernel SPEC     a Debian package (linux-image-arm64, linux-image-6.12-amd64,
#                     linux-image-6.1.0-57-amd64), a release (6.1.0-57-amd64,
#                     6.12.117+deb12-amd64) or a series (6.12, meaning
#                     linux-image-6.12-FLAVOUR). Default: linux-image-FLAVOUR
#                     (amd64, 686, arm64, armmp, powerpc64le, s390x), i.e.
#                     whatever Debian's default kernel for ARCH is today.
#   --headers         also the headers and kbuild to build modules (host arch only)
#
# Exit: 0 ok, 1 not cached (print/check), 2 bad input or the fetch failed
# (the message names the problem; nothing half-written is left behind).
#
# Cache: $MMAPKIT_KERNEL_CACHE, else /var/cache/mmapkit/kernel when writable
# (or already filled, e.g. by root), else ${XDG_CACHE_HOME:-~/.cache}/mmapkit/kernel.
#   <arch>/apt/                      private apt state (lists of that arch)
#   <arch>/resolved                  SPEC -> RELEASE VERSION, as of those lists
#   <arch>/kernels/<release>/boot/   config, and vmlinux (ELF: ppc64's image,
#                                    or x86's with a PVH entry) or vmlinuz
#   <arch>/kernels/<release>/modules/  guest modules, decompressed, and one
#                                    <feature>.order (insmod order) or
#                                    <feature>.missing per guest feature
#   <arch>/headers/<release>/        usr/src/linux-headers-<release> (M= builds)
#   <arch>/busybox/<version>/busybox the static busybox of that arch
#   stamp                            every complete entry, one per line
# Each entry is unpacked in a temporary directory and renamed into place with
# its .complete file: an interrupted fetch leaves nothing that looks usable.
set -euo pipefail

say() { printf 'kernel-cache: %s\n' "$*" >&2; }
die() {
	printf 'kernel-cache: ERROR: %s\n' "$*" >&2
	exit 2
}
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

# Bump when an entry's layout changes: older entries are then unpacked again.
LAYOUT=4

COMMAND=${1:-}
[ $# -gt 0 ] && shift
case $COMMAND in
fetch | print | check | list | available | dir | stamp) ;;
-h | --help) usage; exit 0 ;;
"") die "missing command: fetch, print, check, list, available, dir or stamp (see --help)" ;;
*) die "unknown command '$COMMAND' (see --help)" ;;
esac
ARCH=amd64
SPEC=""
HEADERS=0
while [ $# -gt 0 ]; do
	case $1 in
	--arch) ARCH=${2:?--arch needs an architecture}; shift 2 ;;
	--kernel) SPEC=${2:?--kernel needs a package, release or series}; shift 2 ;;
	--headers) HEADERS=1; shift ;;
	-h | --help) usage; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done

# --- architecture: Debian's name, its default kernel flavour, guest modules ----
case $ARCH in
amd64 | x86_64) ARCH=amd64 FLAVOUR=amd64 ;;
i386 | i686 | x86) ARCH=i386 FLAVOUR=686 ;;
arm64 | aarch64) ARCH=arm64 FLAVOUR=arm64 ;;
armhf | arm | armv7 | armv7l) ARCH=armhf FLAVOUR=armmp ;;
ppc64el | ppc64le | powerpc64le) ARCH=ppc64el FLAVOUR=powerpc64le ;;
s390x) FLAVOUR=s390x ;;
*) die "unknown architecture '$ARCH': use amd64, i386, arm64, armhf, ppc64el or s390x" ;;
esac
[ $HEADERS -eq 0 ] || [ "$ARCH" = "$(dpkg --print-architecture 2>/dev/null)" ] ||
	die "--headers: modules are built on the host, so only for its own architecture ($(dpkg --print-architecture 2>/dev/null || echo '?')), not $ARCH"

# Guest features, each a list of modules loaded in that order (with their
# dependencies first). "?" marks a module that may be absent. The virtio
# transport and block driver carry the disks, the console the results; file
# systems need the "crc32c" hash when mounting (a soft dependency: the guest
# has no modprobe to resolve it, so the generic one is loaded first).
case $ARCH in
s390x) TRANSPORT="virtio_ccw" ;;
*) TRANSPORT="virtio_pci virtio_mmio?" ;;
esac
# A feature added here later is added to kernels cached before on the next
# fetch (the entry is complete without it; see missing_features).
FEATURES=(
	"virtio=$TRANSPORT virtio_blk virtio_console"
	"ext4=crc32c_generic ext4"
	"ext2=crc32c_generic ext2? ext4"
	"xfs=crc32c_generic xfs"
	"btrfs=crc32c_generic btrfs"
	"vfat=nls_cp437? nls_ascii? nls_utf8? vfat"
	"9p=9pnet_virtio 9p"
	"virtiofs=virtiofs"
)

# --- where the cache lives ------------------------------------------------------
writable() { # writable DIR: DIR, or the ancestor it would be made in, is writable
	local d=$1
	while [ ! -e "$d" ]; do d=$(dirname "$d"); done
	[ -d "$d" ] && [ -w "$d" ]
}
cache_dir() {
	local sys=/var/cache/mmapkit/kernel home
	if [ -n "${MMAPKIT_KERNEL_CACHE:-}" ]; then
		echo "$MMAPKIT_KERNEL_CACHE"
	elif writable "$sys" || [ -f "$sys/stamp" ]; then
		echo "$sys" # filled by root: readable is enough to use it
	else # (bazel test runs without HOME: ask the passwd database)
		home=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
		echo "${XDG_CACHE_HOME:-${home:?cannot tell the home directory}/.cache}/mmapkit/kernel"
	fi
}
CACHE=$(cache_dir)
STAMP=$CACHE/stamp

# write_stamp: one line per complete entry; rewritten atomically after a fetch.
write_stamp() {
	local tmp
	tmp=$(mktemp "$CACHE/.stamp.XXXXXX" 2>/dev/null) || return 0 # a read-only cache: nothing changed
	{
		echo "# mmapkit kernel cache, layout $LAYOUT (tools/kernel-cache.sh)"
		find "$CACHE" -mindepth 4 -maxdepth 4 -name .complete -path "$CACHE/*/*/*/.complete" |
			sort | while read -r f; do
			printf '%s %s\n' "${f#"$CACHE"/}" "$(cat "$f")"
		done
		find "$CACHE" -mindepth 2 -maxdepth 2 -name resolved | sort | while read -r f; do
			sed "s|^|${f#"$CACHE"/} |" "$f"
		done
	} >"$tmp"
	chmod 644 "$tmp"
	if cmp -s "$tmp" "$STAMP"; then
		rm -f "$tmp" # unchanged: keep the file, so Bazel sees no change
	else
		mv "$tmp" "$STAMP"
	fi
}

case $COMMAND in
dir)
	echo "$CACHE"
	exit 0
	;;
stamp)
	if [ ! -f "$STAMP" ] && writable "$CACHE"; then
		mkdir -p "$CACHE"
		write_stamp
	fi
	echo "$STAMP"
	exit 0
	;;
list)
	find "$CACHE" -mindepth 4 -maxdepth 4 -name .complete -path "$CACHE/*/kernels/*" 2>/dev/null |
		sort | while read -r f; do
		rel=$(basename "$(dirname "$f")")
		a=${f#"$CACHE"/}
		a=${a%%/*}
		h=""
		[ -f "$CACHE/$a/headers/$rel/.complete" ] && h=" headers"
		printf '%s %s %s%s\n' "$a" "$rel" "$(cut -d' ' -f1 "$f")" "$h"
	done
	exit 0
	;;
esac

# --- private apt state for ARCH ----------------------------------------------------
APTDIR=$CACHE/$ARCH/apt
RESOLVED=$CACHE/$ARCH/resolved
APT_OPTS=(
	-o "APT::Architecture=$ARCH" -o "APT::Architectures::=$ARCH"
	-o "Dir::State=$APTDIR/state" -o "Dir::State::status=$APTDIR/state/status"
	-o "Dir::Cache=$APTDIR/cache"
	-o "Dir::Etc::SourceList=$APTDIR/sources.list" -o "Dir::Etc::SourceParts=$APTDIR/empty"
	-o "Dir::Etc::Preferences=$APTDIR/empty/none" -o "Dir::Etc::PreferencesParts=$APTDIR/empty"
	-o Acquire::Languages=none -o Acquire::GzipIndexes=true
	-o APT::Sandbox::User=root -o Debug::NoLocking=true
)
apt_show() { # apt_show PACKAGE[=VERSION]: its candidate's control fields
	apt-cache "${APT_OPTS[@]}" show --no-all-versions "$1" 2>/dev/null
}
field() { # field NAME < control fields
	sed -n "s/^$1: //p" | head -1
}

# The host's Debian sources (whatever mirror it uses), for another architecture.
debian_sources() {
	apt-cache policy 2>/dev/null | awk '
		/^ *[0-9]+ [a-z+]+:\/\/[^ ]+ [^ ]+ [^ ]+ Packages$/ {
			uri = $2; n = split($3, s, "/"); suite = s[1]; comp = (n > 1 ? s[2] : ""); next }
		/^ +release .*o=Debian/ && uri != "" { print "deb " uri " " suite " " comp }
		{ uri = "" }' | sort -u
}
apt_lists_present() { compgen -G "$APTDIR/state/lists/*_Packages*" >/dev/null; }
apt_update() {
	local log=$APTDIR/update.log
	mkdir -p "$APTDIR/state/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/empty"
	[ -f "$APTDIR/state/status" ] || : >"$APTDIR/state/status"
	if [ ! -s "$APTDIR/sources.list" ]; then
		debian_sources >"$APTDIR/sources.list.tmp"
		[ -s "$APTDIR/sources.list.tmp" ] ||
			die "the host's apt has no Debian source (apt-cache policy shows no o=Debian list): run 'apt-get update'"
		mv "$APTDIR/sources.list.tmp" "$APTDIR/sources.list"
	fi
	say "apt-get update for $ARCH (private lists in $APTDIR)"
	if ! apt-get "${APT_OPTS[@]}" -q update >"$log" 2>&1; then
		# A suite that fails now and then (mirror sync) is not fatal when the
		# others are there: the main suite's kernel is then the candidate.
		grep -E '^(E|W):' "$log" | sed 's/^/    /' >&2 || true
		apt_lists_present || die "apt-get update for $ARCH failed (no access to the Debian mirror?); log: $log"
		say "continuing with the lists that did download"
	fi
	rm -f "$RESOLVED" # resolutions were made against the old lists
	touch "$APTDIR/updated"
}
apt_lists_fresh() { # updated less than a day ago (unchanged lists keep their old mtime)
	[ -n "$(find "$APTDIR/updated" -mmin -1440 2>/dev/null)" ]
}

if [ "$COMMAND" = available ]; then
	apt_lists_present || apt_update
	apt-cache "${APT_OPTS[@]}" search --names-only '^linux-image-' |
		grep -vE -- '-(dbg|unsigned|signed-template) ' | sort -V
	exit 0
fi

# --- SPEC -> release and version ---------------------------------------------------
[ -n "$SPEC" ] || SPEC=linux-image-$FLAVOUR
[[ $SPEC =~ ^[A-Za-z0-9][A-Za-z0-9.+~_-]*$ ]] || die "--kernel '$SPEC' is not a package name or release"

# resolve_spec SPEC: "RELEASE VERSION" from the apt lists, or nothing.
resolve_spec() {
	local spec=$1 pkg="" meta dep hops=0 cand cands
	# apt-cache shows a provider for a virtual name: accept exact names only.
	cands=("linux-image-$spec-$FLAVOUR" "linux-image-$spec")
	[[ $spec != linux-image-* ]] || cands=("$spec")
	for cand in "${cands[@]}"; do
		meta=$(apt_show "$cand") || continue
		[ "$(field Package <<<"$meta")" = "$cand" ] && pkg=$cand && break
	done
	[ -n "${pkg:-}" ] || return 0
	# A meta package (linux-image-arm64, linux-image-6.12-amd64) depends on
	# the versioned one; a versioned image depends on no other linux-image.
	while dep=$(field Depends <<<"$meta" | tr ',|' '\n\n' |
		sed -n 's/^ *\(linux-image-[^ ]*\).*/\1/p' | head -1) && [ -n "$dep" ]; do
		hops=$((hops + 1))
		[ $hops -le 3 ] || return 0
		pkg=$dep
		meta=$(apt_show "$pkg") || return 0
		[ "$(field Package <<<"$meta")" = "$pkg" ] || return 0
	done
	printf '%s %s\n' "${pkg#linux-image-}" "$(field Version <<<"$meta")"
}
memo() { # memo KEY: the remembered "VALUE..." for KEY, or nothing
	[ -f "$RESOLVED" ] && awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' "$RESOLVED" || true
}
remember() { # remember KEY VALUE...
	mkdir -p "$(dirname "$RESOLVED")"
	{ grep -v "^$1 " "$RESOLVED" 2>/dev/null || true; echo "$*"; } >"$RESOLVED.tmp"
	mv "$RESOLVED.tmp" "$RESOLVED"
}

# lookup KEY FUNCTION ARGS: from the memo, else the local lists, else (fetch
# only) fresh lists. Prints the value or nothing. A fetch first renews lists
# older than a day (which forgets the memo): that is how a new Debian kernel
# gets noticed.
UPDATED=0
lookup() {
	local key=$1 value
	shift
	if [ "$COMMAND" = fetch ] && [ $UPDATED -eq 0 ] && { ! apt_lists_present || ! apt_lists_fresh; }; then
		apt_update
		UPDATED=1
	fi
	value=$(memo "$key")
	if [ -z "$value" ] && [ "$COMMAND" = fetch ]; then
		value=$("$@")
		if [ -z "$value" ] && [ $UPDATED -eq 0 ]; then # maybe newer than our lists
			apt_update
			UPDATED=1
			value=$("$@")
		fi
		[ -z "$value" ] || remember "$key" "$value"
	elif [ -z "$value" ] && apt_lists_present; then
		value=$("$@")
	fi
	printf '%s' "$value"
}
busybox_version() { apt_show busybox-static | field Version; }

not_cached() {
	[ "$COMMAND" = fetch ] || {
		say "$* in $CACHE: run tools/kernel-cache.sh fetch --arch $ARCH${SPEC_ARG:+ --kernel $SPEC}$([ $HEADERS -eq 1 ] && echo ' --headers') (or tools/bootstrap.sh)"
		exit 1
	}
}
SPEC_ARG=""
[ "$SPEC" = "linux-image-$FLAVOUR" ] || SPEC_ARG=$SPEC

read -r KREL KVER <<<"$(lookup "$SPEC" resolve_spec "$SPEC")" || true
if [ -z "${KREL:-}" ]; then
	# Without lists we cannot tell "unknown" from "not fetched yet".
	apt_lists_present || not_cached "no kernel '$SPEC' for $ARCH is known"
	tried="linux-image-$SPEC-$FLAVOUR or linux-image-$SPEC"
	[[ $SPEC != linux-image-* ]] || tried=$SPEC
	die "no Debian kernel package $tried for $ARCH (list them: tools/kernel-cache.sh available --arch $ARCH)"
fi
BBVER=$(lookup busybox-static busybox_version)
if [ -z "$BBVER" ]; then
	not_cached "no busybox-static for $ARCH is known"
	die "no busybox-static package for $ARCH in the Debian lists"
fi

KROOT=$CACHE/$ARCH/kernels/$KREL
HROOT=$CACHE/$ARCH/headers/$KREL
BBROOT=$CACHE/$ARCH/busybox/${BBVER//:/_}
KDIR=$HROOT/usr/src/linux-headers-$KREL

complete() { [ -f "$1/.complete" ] && [ "$(cat "$1/.complete")" = "$2 layout $LAYOUT" ]; }
all_complete() {
	complete "$KROOT" "$KVER" && complete "$BBROOT" "$BBVER" &&
		{ [ $HEADERS -eq 0 ] || complete "$HROOT" "$KVER"; }
}
print_layout() {
	local image=$KROOT/boot/vmlinux
	[ -f "$image" ] || image=$KROOT/boot/vmlinuz
	printf '%s=%s\n' CACHE "$CACHE" STAMP "$STAMP" ARCH "$ARCH" KREL "$KREL" KVER "$KVER" \
		KERNEL "$image" CONFIG "$KROOT/boot/config" MODDIR "$KROOT/modules" \
		BUSYBOX "$BBROOT/busybox"
	[ $HEADERS -eq 0 ] || printf '%s=%s\n' KDIR "$KDIR"
}

# missing_features: the FEATURES a complete kernel entry has neither an
# .order nor a .missing file for (cached before they were added).
missing_features() {
	local f
	for f in "${FEATURES[@]}"; do
		f=${f%%=*}
		[ -f "$KROOT/modules/$f.order" ] || [ -f "$KROOT/modules/$f.missing" ] || echo "$f"
	done
}
if all_complete && [ -n "$(missing_features)" ]; then
	case $COMMAND in
	check) not_cached "$ARCH $KREL lacks the guest modules of: $(missing_features | tr '\n' ' ')" ;;
	fetch) NEW_FEATURES=1 ;; # added below
	esac
fi
if all_complete && [ -z "${NEW_FEATURES:-}" ]; then
	case $COMMAND in
	check) say "cached: $ARCH $KREL ($KVER)$([ $HEADERS -eq 1 ] && echo ' with headers') in $CACHE" ;;
	fetch)
		write_stamp # the lists may have moved SPEC to another cached kernel
		print_layout
		;;
	*) print_layout ;;
	esac
	exit 0
fi
not_cached "$ARCH $KREL ($KVER)$([ $HEADERS -eq 1 ] && echo ' with headers') is not cached"

# --- fetch: one writer at a time ----------------------------------------------------
for t in apt-get dpkg-deb tar flock readelf od dd xz zstd gzip find; do
	command -v "$t" >/dev/null || die "missing '$t' (run tools/bootstrap.sh)"
done
mkdir -p "$CACHE/.tmp" || die "cannot create $CACHE (set MMAPKIT_KERNEL_CACHE)"
exec 9>"$CACHE/.lock"
flock 9
# Anything in .tmp is left from an interrupted fetch (we hold the lock).
rm -rf "${CACHE:?}/.tmp/"*
WORK=$(mktemp -d "$CACHE/.tmp/fetch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# download PACKAGE=VERSION...: into $WORK/debs (apt-get checks each against the
# signed index).
download() {
	mkdir -p "$WORK/debs"
	say "downloading $* for $ARCH"
	if ! (cd "$WORK/debs" && apt-get "${APT_OPTS[@]}" -q download "$@") >"$WORK/download.log" 2>&1; then
		sed 's/^/    /' "$WORK/download.log" >&2
		die "apt-get download failed for $* (no access to the Debian mirror? stale lists: remove $APTDIR/state/lists)"
	fi
}
deb() { # deb PACKAGE VERSION: the downloaded file
	local f
	f=$(compgen -G "$WORK/debs/${1}_${2//:/%3a}_*.deb" | head -1) || true
	[ -n "$f" ] || die "no $1 $2 .deb after apt-get download"
	echo "$f"
}
install_entry() { # install_entry STAGED FINAL VERSION: mark complete, rename into place
	echo "$3 layout $LAYOUT" >"$1/.complete"
	mkdir -p "$(dirname "$2")"
	rm -rf "$2"
	mv "$1" "$2"
}

# --- busybox ---------------------------------------------------------------------------
if ! complete "$BBROOT" "$BBVER"; then
	download "busybox-static=$BBVER"
	st=$WORK/busybox
	mkdir -p "$st/x"
	dpkg-deb -x "$(deb busybox-static "$BBVER")" "$st/x"
	[ -f "$st/x/bin/busybox" ] || die "busybox-static $BBVER for $ARCH has no /bin/busybox"
	mv "$st/x/bin/busybox" "$st/busybox"
	rm -rf "$st/x"
	install_entry "$st" "$BBROOT" "$BBVER"
	say "cached busybox $BBVER for $ARCH"
fi

# --- kernel image and guest modules ----------------------------------------------------
# find_vmlinux_pvh BZIMAGE OUT: the uncompressed ELF inside an x86 bzImage, if
# it has a PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY, 0x12): QEMU boots it
# directly, skipping the decompression that costs TCG seconds per boot. The
# payload's place is in the setup header (Documentation/arch/x86/boot.rst).
extract_pvh_vmlinux() {
	local bz=$1 out=$2 sects off len
	sects=$(od -An -tu1 -j $((0x1f1)) -N1 "$bz" | tr -d ' ')
	[ "$sects" -ne 0 ] || sects=4
	read -r off len < <(od -An -tu4 -j $((0x248)) -N8 "$bz")
	dd if="$bz" of="$out.payload" bs=64k iflag=skip_bytes,count_bytes status=none \
		skip=$(((sects + 1) * 512 + off)) count="$len"
	case $(od -An -tx1 -N4 "$out.payload" | tr -d ' ') in
	fd377a58) xz -dc --single-stream <"$out.payload" >"$out" 2>/dev/null || true ;;
	1f8b*) gzip -dc <"$out.payload" >"$out" 2>/dev/null || true ;;
	28b52ffd) zstd -qdc <"$out.payload" >"$out" 2>/dev/null || true ;;
	esac
	rm -f "$out.payload"
	if ! readelf -n "$out" 2>/dev/null | grep -qE 'note type: \(0x00000012\)|PHYS32_ENTRY'; then
		say "no PVH-bootable vmlinux in the bzImage; QEMU will boot the (slower) bzImage"
		rm -f "$out"
	fi
}

norm() { # norm PATH: the module name (basename, no extension, - as _)
	local n=${1##*/}
	n=${n%%.*}
	echo "${n//-/_}"
}

# extract_features IMAGE_ROOT OUT SPEC...: for each "feature=modules" SPEC, the
# modules (decompressed, dependencies first) into OUT and OUT/feature.order,
# or OUT/feature.missing saying what the kernel lacks.
extract_features() {
	local mods=$1/lib/modules/$KREL out=$2 p f feature order m missing
	shift 2
	# Modules by name, whatever their compression; built-in ones from
	# modules.builtin (its lines end in .ko or .o, depending on the kernel).
	declare -A path_of=() builtin=() loaded=()
	while read -r p; do
		path_of[$(norm "$p")]=$p
	done < <(cd "$mods" && find kernel -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz')
	# modules.builtin.modinfo also names built-in code that is not
	# tristate (s390's virtio_ccw): "name.field=value" strings.
	while read -r p; do
		[ -n "$p" ] && builtin[$(norm "$p")]=1
	done < <(cat "$mods/modules.builtin" 2>/dev/null
		tr '\0' '\n' <"$mods/modules.builtin.modinfo" 2>/dev/null | sed -n 's/^\([A-Za-z0-9_-]*\)\..*/\1/p' | sort -u)
	# add_module NAME ORDERFILE: NAME's dependencies, then NAME, each once per
	# feature; 1 if NAME is neither a module nor built in.
	add_module() {
		local name=$1 order=$2 p ko dep
		name=${name//-/_}
		[ -z "${loaded[$name]:-}" ] || return 0
		loaded[$name]=1
		p=${path_of[$name]:-}
		if [ -z "$p" ]; then
			[ -n "${builtin[$name]:-}" ] && return 0
			return 1
		fi
		ko=$out/$name.ko
		if [ ! -f "$ko" ]; then
			case $p in
			*.ko.xz) xz -dc "$mods/$p" >"$ko" ;;
			*.ko.zst) zstd -qdc "$mods/$p" >"$ko" ;;
			*.ko.gz) gzip -dc "$mods/$p" >"$ko" ;;
			*) cp "$mods/$p" "$ko" ;;
			esac
		fi
		# .modinfo holds "depends=a,b" as a NUL-terminated string; reading it
		# this way works for every architecture's ELF.
		for dep in $(tr '\0' '\n' <"$ko" | sed -n 's/^depends=//p' | head -1 | tr ',' ' '); do
			add_module "$dep" "$order" || die "$name needs $dep, which linux-image-$KREL lacks"
		done
		echo "$name.ko" >>"$order"
	}
	for f in "$@"; do
		feature=${f%%=*}
		loaded=()
		order=$out/$feature.order
		: >"$order"
		missing=()
		for m in ${f#*=}; do
			add_module "${m%\?}" "$order" || [[ $m == *\? ]] || missing+=("${m%\?}")
		done
		if [ ${#missing[@]} -gt 0 ]; then
			rm -f "$order"
			echo "linux-image-$KREL has no ${missing[*]} (neither a module nor built in)" >"$out/$feature.missing"
		fi
	done
}

if ! complete "$KROOT" "$KVER"; then
	download "linux-image-$KREL=$KVER"
	st=$WORK/kernel
	all=$WORK/image
	mkdir -p "$st/boot" "$st/modules" "$all"
	dpkg-deb -x "$(deb "linux-image-$KREL" "$KVER")" "$all"
	[ ! -f "$all/boot/config-$KREL" ] || mv "$all/boot/config-$KREL" "$st/boot/config"
	# One image for QEMU's -kernel: ppc64's ELF vmlinux, the others' vmlinuz;
	# on x86 the PVH ELF inside it when there is one.
	if [ -f "$all/boot/vmlinuz-$KREL" ]; then
		mv "$all/boot/vmlinuz-$KREL" "$st/boot/vmlinuz"
		case $ARCH in
		amd64 | i386)
			extract_pvh_vmlinux "$st/boot/vmlinuz" "$st/boot/vmlinux"
			[ ! -f "$st/boot/vmlinux" ] || rm "$st/boot/vmlinuz"
			;;
		esac
	elif [ -f "$all/boot/vmlinux-$KREL" ]; then
		mv "$all/boot/vmlinux-$KREL" "$st/boot/vmlinux"
	else
		die "linux-image-$KREL has neither /boot/vmlinuz-$KREL nor /boot/vmlinux-$KREL"
	fi

	extract_features "$all" "$st/modules" "${FEATURES[@]}"
	[ -f "$st/modules/virtio.order" ] || die "$(cat "$st/modules/virtio.missing"): no disks or results channel in the guest"
	rm -rf "$all"
	install_entry "$st" "$KROOT" "$KVER"
	say "cached $ARCH $KREL ($KVER): $(du -sh "$KROOT" | cut -f1)"
elif [ -n "${NEW_FEATURES:-}" ] && [ -n "$(missing_features)" ]; then # (another fetch may have added them)
	new=$(missing_features | tr '\n' ' ')
	download "linux-image-$KREL=$KVER"
	mkdir -p "$WORK/image" "$WORK/modules"
	dpkg-deb -x "$(deb "linux-image-$KREL" "$KVER")" "$WORK/image"
	specs=()
	for f in "${FEATURES[@]}"; do
		[[ " $new " != *" ${f%%=*} "* ]] || specs+=("$f")
	done
	extract_features "$WORK/image" "$WORK/modules" "${specs[@]}"
	# Modules first, each feature's list last: a guest sees a feature only complete.
	for m in "$WORK/modules"/*.ko; do
		[ ! -e "$m" ] || [ -f "$KROOT/modules/${m##*/}" ] || mv "$m" "$KROOT/modules/"
	done
	mv "$WORK/modules"/*.order "$WORK/modules"/*.missing "$KROOT/modules/" 2>/dev/null || true
	say "added the guest modules of $new to $ARCH $KREL"
fi

# --- headers (host architecture): linux-headers, its -common tree, kbuild ---------------
if [ $HEADERS -eq 1 ] && ! complete "$HROOT" "$KVER"; then
	hdeps=$(apt_show "linux-headers-$KREL=$KVER" | field Depends)
	[ -n "$hdeps" ] || die "no linux-headers-$KREL=$KVER in the Debian lists for $ARCH"
	common=$(tr ',' '\n' <<<"$hdeps" | sed -n 's/^ *\(linux-headers-[^ ]*-common\).*/\1/p' | head -1)
	kbuild=$(tr ',' '\n' <<<"$hdeps" | sed -n 's/^ *\(linux-kbuild-[^ ]*\).*/\1/p' | head -1)
	[ -n "$common" ] && [ -n "$kbuild" ] ||
		die "cannot find the -common and kbuild packages in the Depends of linux-headers-$KREL=$KVER"
	# The -common tree is architecture-independent; kbuild and the arch headers are the host's.
	download "linux-headers-$KREL=$KVER" "$common=$KVER" "$kbuild=$KVER"
	st=$WORK/headers
	mkdir -p "$st"
	for p in "linux-headers-$KREL" "$common" "$kbuild"; do
		dpkg-deb -x "$(deb "$p" "$KVER")" "$st"
	done
	# The arch headers' Makefile includes the -common tree by absolute path
	# (/usr/src/...); point it at the final location in the cache instead.
	mk=$st/usr/src/linux-headers-$KREL/Makefile
	sed -i "s|^include /usr/src/|include $HROOT/usr/src/|" "$mk"
	grep -q "^include $HROOT/" "$mk" ||
		die "unexpected layout: linux-headers-$KREL/Makefile has no 'include /usr/src/...'"
	# kbuild's scripts are reached through symlinks to /usr/lib/linux-kbuild-*: make them relative to the cache.
	find "$st/usr/src" -maxdepth 2 -type l -lname '/usr/lib/*' | while read -r l; do
		ln -sfn "$HROOT$(readlink "$l")" "$l"
	done
	install_entry "$st" "$HROOT" "$KVER"
	say "cached headers for $ARCH $KREL: $(du -sh "$HROOT" | cut -f1)"
fi

write_stamp
all_complete || die "internal: $ARCH $KREL is still incomplete after the fetch"
print_layout
