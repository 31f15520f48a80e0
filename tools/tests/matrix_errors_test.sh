#!/usr/bin/env bash
# Bad input to the platform matrix: tools/platform-matrix.sh, matrix-cell.sh
# and host-fs-run.sh exit 2 naming the problem; a platform that could not run,
# or a report of another catalog version, becomes a column "not run: why" of
# a page that is drawn all the same (exit 1). Boots nothing, mounts nothing.
#   matrix_errors_test.sh PLATFORM_MATRIX MATRIX_CELL HOST_FS_RUN REPORT_MATRIX REPORT
set -uo pipefail

MATRIX=$1
CELL=$2
HOST=$3
export MMAPKIT_REPORT_MATRIX=$PWD/$4
REPORT=$PWD/$5
T=${TEST_TMPDIR:-$(mktemp -d)}
# shellcheck source=tools/tests/expect_exit.sh
. "$(dirname "${BASH_SOURCE[0]}")/expect_exit.sh"

# --- platform-matrix.sh: usage --------------------------------------------------------
expect 2 "--jobs needs a positive number, got '0'" "$MATRIX" --jobs 0 --list
expect 2 "no cell matches zfs-*" "$MATRIX" --out "$T/m" 'zfs-*'
expect 2 "cell 'qemu amd64': 'qemu ARCH KERNEL FS' takes" "$MATRIX" --list --cell "qemu amd64"
expect 2 "cell 'nfs server': unknown runner 'nfs'" "$MATRIX" --list --cell "nfs server"
expect 2 "--also needs NAME=FILE, got 'x.json'" "$MATRIX" --also x.json
expect 2 "unknown option '--frob'" "$MATRIX" --frob

# --- matrix-cell.sh and host-fs-run.sh -------------------------------------------------------
expect 2 "no cell: give e.g." "$CELL" --report "$REPORT"
expect 2 "--report is required" "$CELL" host ext4
expect 2 "unknown --fs 'zfs'" "$HOST" --fs zfs --report "$REPORT"
expect 2 "--fs is required" "$HOST" --report "$REPORT"
expect 2 "'--dir' after --: the runner sets" "$HOST" --fs tmpfs --report "$REPORT" -- --dir /tmp
expect 2 "--report $T/nope: no such executable" "$HOST" --fs tmpfs --report "$T/nope"

# --- a page from what could run, and why the rest did not ------------------------------
# Two real reports of a few rows, one of another catalog version, one that did not run.
C=$T/page/cells
mkdir -p "$C"
"$REPORT" --only 'MMAP.ALIGN.*' --json "$C/good.json" >/dev/null || { echo "FAIL: the report did not run"; exit 1; }
"$REPORT" --only 'MMAP.ALIGN.*' --json "$C/other.json" >/dev/null
sed -i 's/"version": "fnv1a64:[0-9a-f]*"/"version": "fnv1a64:0000000000000000"/' "$C/other.json"
echo "no Debian kernel package linux-image-5.10-amd64 for amd64" >"$C/old-kernel.notrun"
expect 1 "other: $C/other.json was written with catalog fnv1a64:0000000000000000" \
	"$MATRIX" --render-only --out "$T/page"
for f in matrix.html matrix.md; do
	[ -s "$T/page/$f" ] || { echo "FAIL: no $f"; failures=$((failures + 1)); }
done
md=$T/page/matrix.md
if grep -qF "| good | Linux $(uname -r) |" "$md" &&
	grep -qF -- "- old-kernel: no Debian kernel package linux-image-5.10-amd64 for amd64" "$md" &&
	grep -qF -- "- other: $C/other.json was written with catalog fnv1a64:0000000000000000" "$md" &&
	grep -qF "<b>not run:</b> no Debian kernel package" "$T/page/matrix.html"; then
	echo "ok   the page has the platform that ran and says why the others did not"
else
	echo "FAIL: the page lacks a platform or a reason:"
	sed 's/^/    /' "$md"
	failures=$((failures + 1))
fi
expect 2 "nothing to draw" "$MATRIX" --render-only --out "$T/empty"

# --- reports that cannot be read, platforms that cannot be run ---------------------------
# A missing, a cut-off and a foreign JSON given with --also, an architecture no report is
# built for and a file system the host runner does not know: each a column saying why
# (the pattern matches no cell of cells.bzl: only these run).
export MMAPKIT_REPORT=$REPORT
head -c 300 "$C/good.json" >"$T/cut.json"
echo '{"name": "not a report"}' >"$T/foreign.json"
expect 1 "gone: cannot read $T/nope.json: No such file or directory" \
	"$MATRIX" --out "$T/bad" 'sparc64-*' --cell "qemu sparc64 default ext4" --cell "host zfs" \
	--also "good=$C/good.json" --also "gone=$T/nope.json" --also "cut=$T/cut.json" \
	--also "foreign=$T/foreign.json"
md=$T/bad/matrix.md
for why in \
	"- sparc64-default-ext4: no report is built for architecture 'sparc64' here" \
	"- host-zfs: unknown --fs 'zfs'" \
	"- gone: cannot read $T/nope.json: No such file or directory" \
	"- cut: $T/cut.json is not valid JSON: " \
	"- foreign: $T/foreign.json is not an mmapkit conformance report"; do
	if grep -qF -- "$why" "$md"; then
		echo "ok   the page says: $why"
	else
		echo "FAIL: the page lacks '$why':"
		sed 's/^/    /' "$md"
		failures=$((failures + 1))
	fi
done
grep -qF "| good | Linux $(uname -r) |" "$md" ||
	{ echo "FAIL: the platform that ran is missing from $md"; failures=$((failures + 1)); }

expect_done
