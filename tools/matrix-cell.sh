#!/usr/bin/env bash
# tools/matrix-cell.sh - one cell of the platform matrix: the conformance
# report on one platform, its JSON, and a verdict: the run deviates only as
# the platform's baseline says, and names the file system it ran on. Each
# cell is a Bazel test (conformance/matrix/BUILD.bazel) and a column of
# tools/platform-matrix.sh.
#
# Usage: tools/matrix-cell.sh [options] CELL...
#   CELL is the words of a line of conformance/matrix/cells.bzl:
#     host FS               this machine's kernel, --dir on FS made fresh
#                           (tools/host-fs-run.sh: ext4, ext2, ext3, xfs, btrfs,
#                           vfat, tmpfs, overlayfs, fuse, fuse-direct_io)
#     qemu ARCH KERNEL FS   a Debian kernel in QEMU (tools/platform-run.sh;
#                           KERNEL "default" is Debian's default for ARCH)
#     qemu-user ARCH        the host's kernel under qemu-user (tools/qemu-user-run.sh)
# Options:
#   --report BIN      the report binary (for qemu and qemu-user: static, for ARCH)
#   --json FILE       where the cell's JSON goes (default under bazel test:
#                     $TEST_UNDECLARED_OUTPUTS_DIR/NAME.json)
#   --baselines DIR   the baselines (default conformance/baselines): NAME.txt,
#                     else fs-FS.txt; without one the run must have no FAIL or
#                     BROKEN row
#   --no-baseline     only run and write the JSON (the matrix page judges nothing)
#   --offline         never download a kernel (qemu)
#   --timeout SEC     limit for a guest (qemu; default 240)
#   --name            print the cell's name (host-xfs, amd64-6.12-ext4,
#                     qemu-user-aarch64) and exit
#
# Exit: the runner's status (0 as the baseline says, 1 other deviations, 2 the
# platform cannot be run here: the message says why, 3 the guest gave no
# result, 124 timeout); 1 also when the JSON is missing or names another file
# system than the cell's.
set -euo pipefail

if [ -n "${TEST_SRCDIR:-}" ]; then # under bazel test: the runfiles tree
	REPO=$TEST_SRCDIR/${TEST_WORKSPACE:-mmapkit}
else
	REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fi
die() {
	printf 'matrix-cell: ERROR: %s\n' "$*" >&2
	exit 2
}
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

REPORT=""
JSON=""
BASELINES=$REPO/conformance/baselines
USE_BASELINE=1
OFFLINE=()
TIMEOUT=240
PRINT_NAME=0
WORDS=()
while [ $# -gt 0 ]; do
	case $1 in
	--report) REPORT=${2:?--report needs a binary}; shift 2 ;;
	--json) JSON=${2:?--json needs a file}; shift 2 ;;
	--baselines) BASELINES=${2:?--baselines needs a directory}; shift 2 ;;
	--no-baseline) USE_BASELINE=0; shift ;;
	--offline) OFFLINE=(--offline); shift ;;
	--timeout) TIMEOUT=${2:?--timeout needs seconds}; shift 2 ;;
	--name) PRINT_NAME=1; shift ;;
	-h | --help) usage; exit 0 ;;
	-*) die "unknown option '$1' (see --help)" ;;
	*) WORDS+=("$1"); shift ;;
	esac
done

# --- the cell: its runner, name and file system -----------------------------------
set -- "${WORDS[@]}"
[ $# -gt 0 ] || die "no cell: give e.g. 'host xfs', 'qemu amd64 default ext4' or 'qemu-user aarch64'"
FS=""
case $1 in
host)
	[ $# -eq 2 ] || die "cell '$*': 'host FS' takes one file system"
	FS=$2 NAME=host-$2
	RUN=("$REPO/tools/host-fs-run.sh" --fs "$FS")
	;;
qemu)
	[ $# -eq 4 ] || die "cell '$*': 'qemu ARCH KERNEL FS' takes an arch, a kernel (or default) and a file system"
	FS=$4 NAME=$2-$3-$4
	RUN=("$REPO/tools/platform-run.sh" --arch "$2" --fs "$FS" --timeout "$TIMEOUT" "${OFFLINE[@]}")
	[ "$3" = default ] || RUN+=(--kernel "$3")
	;;
qemu-user)
	[ $# -eq 2 ] || die "cell '$*': 'qemu-user ARCH' takes one architecture"
	NAME=qemu-user-$2
	RUN=("$REPO/tools/qemu-user-run.sh" --arch "$2")
	;;
*) die "cell '$*': unknown runner '$1' (host, qemu or qemu-user)" ;;
esac
[ $PRINT_NAME -eq 0 ] || { echo "$NAME"; exit 0; }
[ -n "$REPORT" ] || die "--report is required"

if [ -z "$JSON" ]; then
	[ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ] || die "--json is required outside bazel test"
	JSON=$TEST_UNDECLARED_OUTPUTS_DIR/$NAME.json
fi
rm -f "$JSON"
ARGS=(--json "$JSON" --platform-label "$NAME")
BASELINE=""
if [ $USE_BASELINE -eq 1 ]; then
	for b in "$BASELINES/$NAME.txt" ${FS:+"$BASELINES/fs-$FS.txt"}; do
		[ -f "$b" ] && BASELINE=$b && break
	done
	[ -z "$BASELINE" ] || ARGS+=(--baseline "$BASELINE")
fi

# The name the report gives the file system of a cell's --dir.
expected_fs() {
	case $1 in
	fuse | fuse-direct_io) echo fuse ;;
	*) echo "$1" ;;
	esac
}

echo "matrix-cell: $NAME: ${RUN[*]##*/} ${ARGS[*]}"
rc=0
"${RUN[@]}" --report "$REPORT" -- "${ARGS[@]}" || rc=$?
case $rc in
0 | 1) ;;
*) exit $rc ;; # could not run here, or no result: the runner said why
esac
[ -s "$JSON" ] || { echo "matrix-cell: FAIL $NAME: the report wrote no JSON ($JSON)"; exit 1; }
if [ -n "$FS" ]; then
	named=$(grep -o '"disk_fs": "[^"]*"' "$JSON" | head -1 | sed 's/.*: "//; s/"$//')
	if [ "$named" != "$(expected_fs "$FS")" ]; then
		echo "matrix-cell: FAIL $NAME: the report names the disk rows' file system '$named', expected '$(expected_fs "$FS")'"
		exit 1
	fi
fi
if [ -n "$BASELINE" ]; then
	[ $rc -eq 0 ] && verdict="PASS $NAME: deviates exactly as $BASELINE lists" ||
		verdict="FAIL $NAME: deviates otherwise than $BASELINE lists (see above)"
else
	[ $rc -eq 0 ] && verdict="PASS $NAME: no FAIL or BROKEN row" ||
		verdict="FAIL $NAME: FAIL or BROKEN rows (above), and no baseline lists them"
fi
[ $USE_BASELINE -eq 1 ] || verdict="$NAME: ran (exit $rc; no baseline asked for)"
echo "matrix-cell: $verdict"
exit $rc
