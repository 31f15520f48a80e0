#!/usr/bin/env bash
# driver/broken/broken_variant_test.sh - proves that the QEMU driver test
# catches one deliberately broken driver. Applies a driver/broken/*.patch to a
# copy of driver/, runs tools/qemu-driver-test.sh on the copy, and passes only
# if the runner says FAIL (exit 1) and its output matches every "Expect:"
# line (an extended regex) in the patch's header.
#
#   driver/broken/broken_variant_test.sh PATCH [runner options...]
#   e.g. driver/broken/broken_variant_test.sh driver/broken/oops.patch --offline
#
# A patch with "Needs: debug-kernel" is only caught on a KASAN/lockdep kernel:
# pass --kernel-tree DIR or set MMAPKIT_KERNEL_TREE (tools/build-debug-kernel.sh).
#
# With the runner's --skip-test --fuzz SEC only the fuzzer runs: the variant
# is caught when the runner says FAIL (the "Expect:" lines are the user
# test's, so they are not looked for); its FAIL lines are printed.
#
# Exit 0 when the variant is caught as intended, 1 when it is not, 2 when the
# patch does not apply (it was made against an older driver/mymap.c) or needs
# the debug kernel and none was given.
set -euo pipefail

if [ -n "${TEST_SRCDIR:-}" ]; then # under bazel test: the runfiles tree
	REPO=$TEST_SRCDIR/${TEST_WORKSPACE:-mmapkit}
else
	REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fi
DRIVER=$REPO/driver
RUNNER=$REPO/tools/qemu-driver-test.sh

[ $# -ge 1 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
PATCH=$1
shift
[ -f "$PATCH" ] || { echo "broken: no such patch: $PATCH" >&2; exit 2; }
name=$(basename "$PATCH" .patch)

if [ -n "${TEST_TMPDIR:-}" ]; then
	work=$TEST_TMPDIR/broken-$name
	rm -rf "$work"
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/mmapkit-broken-$name.XXXXXX")
	trap 'rm -rf "$work"' EXIT
fi

mapfile -t expects < <(sed -n 's/^Expect: //p' "$PATCH")
[ ${#expects[@]} -gt 0 ] || { echo "broken: $PATCH has no 'Expect:' line" >&2; exit 2; }

if grep -q '^Needs: debug-kernel' "$PATCH" && [ -z "${MMAPKIT_KERNEL_TREE:-}" ] &&
	[[ " $* " != *" --kernel-tree "* ]]; then
	echo "broken: $name: only a debug kernel catches this variant: build one with" \
		"tools/build-debug-kernel.sh, then pass --kernel-tree DIR or set MMAPKIT_KERNEL_TREE" >&2
	exit 2
fi

mkdir -p "$work/driver"
find -L "$DRIVER" -maxdepth 1 -type f \( -name '*.[ch]' -o -name Kbuild \) \
	-exec cp -L {} "$work/driver/" \;
if ! patch -s --batch -p1 -d "$work/driver" --no-backup-if-mismatch <"$PATCH"; then
	echo "broken: $name: the patch no longer applies to driver/mymap.c; remake it" >&2
	exit 2
fi

echo "broken: $name: $(head -1 "$PATCH" | sed 's/^[^:]*: //')"
rc=0
"$RUNNER" --driver-dir "$work/driver" --work "$work/run" "$@" >"$work/out" 2>&1 || rc=$?
sed 's/^/    | /' "$work/out"

status=0
if [[ " $* " == *" --skip-test "* ]]; then
	if [ $rc -eq 1 ]; then
		echo "broken: $name: caught by the fuzzer alone:"
		{ grep -E '^FAIL |\] FAIL' "$work/out" || true; } | head -3 | sed 's/^/    /'
		exit 0
	fi
	echo "broken: $name: NOT caught by the fuzzer alone (runner exit $rc)"
	exit 1
fi
if [ $rc -ne 1 ]; then
	echo "broken: $name: expected the runner to exit 1 (FAIL), got $rc"
	status=1
fi
for re in "${expects[@]}"; do
	if grep -qE -- "$re" "$work/out"; then
		echo "broken: $name: found    /$re/"
	else
		echo "broken: $name: MISSING  /$re/"
		status=1
	fi
done
if [ $status -eq 0 ]; then
	echo "broken: $name: caught (runner FAIL, all ${#expects[@]} expectations seen)"
else
	echo "broken: $name: NOT caught as intended"
fi
exit $status
