#!/usr/bin/env bash
# tools/bootstrap.d/kernel.sh - fills the kernel cache with every kernel and
# busybox the QEMU tests in `bazel test //...` boot, so they then run offline.
# Run by tools/bootstrap.sh; idempotent (downloads only what is missing).
#
#   kernel.sh            fetch what is missing (tools/kernel-cache.sh fetch)
#   kernel.sh --all      also the other architectures' kernels (i386, armhf,
#                        s390x) for tools/platform-run.sh --offline
#   kernel.sh --check    exit 0 if all is cached, 1 if not (no changes)
#
# The list matches the tests' --arch/--kernel arguments (driver/BUILD.bazel,
# conformance/BUILD.bazel). Other kernels: tools/kernel-cache.sh fetch by hand,
# or tools/platform-run.sh without --offline fetches them on first use.
set -euo pipefail

MODE=fetch
ALL=0
for a in "$@"; do
	case $a in
	--all) ALL=1 ;;
	--check) MODE=check ;;
	-h | --help)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "kernel.sh: unknown option '$a' (try --help)" >&2
		exit 2
		;;
	esac
done

# arch, then tools/kernel-cache.sh options
KERNELS=(
	"amd64 --headers"               # driver on Debian's default kernel (6.1); report on ext4
	"amd64 --headers --kernel 6.12" # driver on the newest 6.12 (Linux >= 6.3 code)
	"ppc64el"                       # report on 64 KiB pages
	"arm64"                         # report on a second foreign architecture
)
[ $ALL -eq 0 ] || KERNELS+=(i386 armhf s390x)

KC=$(dirname "$0")/../kernel-cache.sh
status=0
for k in "${KERNELS[@]}"; do
	read -r arch opts <<<"$k"
	# shellcheck disable=SC2086 # opts are words
	if [ $MODE = check ]; then
		bash "$KC" check --arch "$arch" $opts || status=1
	else
		bash "$KC" fetch --arch "$arch" $opts >/dev/null || status=$?
	fi
done
[ $MODE = check ] || [ $status -ne 0 ] || printf 'kernel: cache complete in %s\n' "$(bash "$KC" dir)" >&2
exit $status
