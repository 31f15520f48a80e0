#!/usr/bin/env bash
# tools/platform-matrix.sh - the conformance report on every platform this
# machine can reach, side by side: one JSON per platform (a "cell": a file
# system on this kernel, a Debian kernel of some architecture in QEMU), then
# one self-contained HTML page and a Markdown summary whose rows are the
# catalog's keys and whose columns are the platforms.
#
# Usage: tools/platform-matrix.sh [options] [PATTERN...]
#   PATTERN            run only the cells whose name matches a glob
#                      (host-*, amd64-6.12-*); default: every cell of
#                      conformance/matrix/cells.bzl
#   --cell "WORDS"     also a cell that is not in cells.bzl, as
#                      tools/matrix-cell.sh reads it, e.g.
#                      --cell "qemu amd64 6.1.0-50-amd64 ext4"; repeatable
#   --also NAME=FILE   also a JSON report made elsewhere (another machine,
#                      a Bazel test's outputs) as the column NAME; repeatable
#   --out DIR          where everything goes (default: platform-matrix in the
#                      current directory): cells/NAME.json, logs/NAME.log,
#                      matrix.html, matrix.md
#   --jobs N           cells run at once (default 2)
#   --offline          never download a kernel (tools/bootstrap.sh cached them)
#   --render-only      run nothing: draw the page from DIR/cells
#   --list             print the cells' names and words, and exit
#
# Binaries: built with bazel, unless $MMAPKIT_REPORT_MATRIX (and, to run
# cells, $MMAPKIT_REPORT for this machine's architecture) name them.
#
# A cell that cannot run here (an unknown kernel or file system, a missing
# mkfs, no root for the host's file systems) is a column "not run: why" in
# the page, and named on stderr; the others are drawn all the same.
# Exit: 0 every cell ran, 1 the page is written but some cell did not run,
# 2 usage error or the page could not be made.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
START=$SECONDS
log() { printf '[%4ss] platform-matrix: %s\n' "$((SECONDS - START))" "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 2
}
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

OUT=$PWD/platform-matrix
JOBS=2
OFFLINE=()
RENDER_ONLY=0
LIST=0
PATTERNS=()
EXTRA=()
ALSO=()
while [ $# -gt 0 ]; do
	case $1 in
	--cell) EXTRA+=("${2:?--cell needs a cell, e.g. 'qemu amd64 6.12 ext4'}"); shift 2 ;;
	--also) ALSO+=("${2:?--also needs NAME=FILE}"); shift 2 ;;
	--out) OUT=${2:?--out needs a directory}; shift 2 ;;
	--jobs) JOBS=${2:?--jobs needs a number}; shift 2 ;;
	--offline) OFFLINE=(--offline); shift ;;
	--render-only) RENDER_ONLY=1; shift ;;
	--list) LIST=1; shift ;;
	-h | --help) usage; exit 0 ;;
	-*) die "unknown option '$1' (see --help)" ;;
	*) PATTERNS+=("$1"); shift ;;
	esac
done
[[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "--jobs needs a positive number, got '$JOBS'"
for a in "${ALSO[@]}"; do
	[[ $a == ?*=?* ]] || die "--also needs NAME=FILE, got '$a'"
done

# --- the cells: cells.bzl's quoted lines, the patterns, the extra ones -------------------
CELL=$REPO/tools/matrix-cell.sh
NAMES=()
WORDS=()
add_cell() { # add_cell WORDS: checks them, appends name and words
	local name
	name=$(bash "$CELL" --name $1 2>&1) || die "${name#matrix-cell: ERROR: }"
	for n in "${NAMES[@]}"; do [ "$n" != "$name" ] || return 0; done
	NAMES+=("$name")
	WORDS+=("$1")
}
while read -r line; do
	line=${line% ci}
	name=$(bash "$CELL" --name $line) || die "conformance/matrix/cells.bzl: bad cell '$line'"
	if [ ${#PATTERNS[@]} -gt 0 ]; then
		keep=0
		for p in "${PATTERNS[@]}"; do
			# shellcheck disable=SC2053 # a glob on purpose
			[[ $name == $p ]] && keep=1
		done
		[ $keep -eq 1 ] || continue
	fi
	add_cell "$line"
done < <(sed -n 's/^ *"\([a-z][^"]*\)",.*$/\1/p' "$REPO/conformance/matrix/cells.bzl")
for e in "${EXTRA[@]}"; do add_cell "$e"; done
[ ${#NAMES[@]} -gt 0 ] || [ ${#ALSO[@]} -gt 0 ] || [ $RENDER_ONLY -eq 1 ] ||
	die "no cell matches ${PATTERNS[*]} (--list shows them)"
if [ $LIST -eq 1 ]; then
	for i in "${!NAMES[@]}"; do printf '%-28s %s\n' "${NAMES[$i]}" "${WORDS[$i]}"; done
	exit 0
fi

mkdir -p "$OUT/cells" "$OUT/logs" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)

# --- build: the reports and the page maker ------------------------------------------------
# Each cell's report: the static one, cross-built for its architecture.
report_target() {
	case $1 in
	host | amd64 | x86_64) echo //conformance:report_static ;;
	arm64 | aarch64) echo //conformance:report_static_aarch64 ;;
	armhf) echo //conformance:report_static_armhf ;;
	i386 | i686) echo //conformance:report_static_i686 ;;
	ppc64el | ppc64le) echo //conformance:report_static_ppc64le ;;
	s390x) echo //conformance:report_static_s390x ;;
	*) echo "" ;;
	esac
}
cell_arch() { # cell_arch WORDS: host, or the architecture a guest or emulator runs
	set -- $1
	[ "$1" = host ] && echo host || echo "$2"
}
if [ -n "${MMAPKIT_REPORT_MATRIX:-}" ] && { [ $RENDER_ONLY -eq 1 ] || [ -n "${MMAPKIT_REPORT:-}" ]; }; then
	built() { # built TARGET: the given binary (none for other architectures)
		case $1 in
		//conformance:report_matrix) echo "$MMAPKIT_REPORT_MATRIX" ;;
		//conformance:report_static) echo "$MMAPKIT_REPORT" ;;
		*) echo "" ;;
		esac
	}
else
	command -v bazel >/dev/null || die "bazel not found: run tools/bootstrap.sh"
	targets=(//conformance:report_matrix)
	if [ $RENDER_ONLY -eq 0 ]; then
		for w in "${WORDS[@]}"; do
			t=$(report_target "$(cell_arch "$w")")
			[ -z "$t" ] || [[ " ${targets[*]} " == *" $t "* ]] || targets+=("$t")
		done
	fi
	log "build: ${targets[*]}"
	(cd "$REPO" && bazel build "${targets[@]}" >"$OUT/logs/build.log" 2>&1) ||
		{ tail -20 "$OUT/logs/build.log" >&2; die "bazel build failed (log: $OUT/logs/build.log)"; }
	EXECROOT=$(cd "$REPO" && bazel info execution_root 2>/dev/null)
	built() { # built TARGET: the path of its (one) output file
		local rel
		# A target that cross_binary also builds for other architectures is listed once
		# per configuration: the one built as asked is the one without a transition (-ST-).
		rel=$(cd "$REPO" && bazel cquery --output=starlark \
			--starlark:expr='target.files.to_list()[0].path' "$1" 2>/dev/null) || die "bazel cquery $1 failed"
		rel=$(grep -v -- '-ST-[0-9a-f]*/' <<<"$rel" | head -1)
		[ -n "$rel" ] || die "bazel cquery $1: no output built in this configuration"
		echo "$EXECROOT/$rel"
	}
fi
MATRIX=$(built //conformance:report_matrix)
[ -x "$MATRIX" ] || die "$MATRIX: no such program"

# --- run the cells, JOBS at a time -------------------------------------------------------------
run_cell() { # run_cell NAME WORDS: cells/NAME.json, or cells/NAME.notrun saying why
	local name=$1 words=$2 arch report rc=0 why
	rm -f "$OUT/cells/$name.json" "$OUT/cells/$name.notrun"
	arch=$(cell_arch "$words")
	report=$(report_target "$arch")
	[ -z "$report" ] || report=$(built "$report")
	if [ -z "$report" ]; then
		echo "no report is built for architecture '$arch' here" >"$OUT/cells/$name.notrun"
		return
	fi
	bash "$CELL" --no-baseline "${OFFLINE[@]}" --report "$report" \
		--json "$OUT/cells/$name.json" $words >"$OUT/logs/$name.log" 2>&1 || rc=$?
	if [ ! -s "$OUT/cells/$name.json" ]; then
		# The runners end a failed setup with "ERROR: why" (or the guest's reason).
		why=$(grep -E 'ERROR: |guest setup failed|no result from the guest|never reached|died before' \
			"$OUT/logs/$name.log" | tail -1 | sed 's/^.*ERROR: //; s/^\[ *[0-9]*s\] [a-z-]*: //')
		echo "${why:-exit $rc, see $OUT/logs/$name.log}" >"$OUT/cells/$name.notrun"
	fi
}
if [ $RENDER_ONLY -eq 0 ] && [ ${#NAMES[@]} -gt 0 ]; then
	log "running ${#NAMES[@]} cells, $JOBS at a time (logs in $OUT/logs)"
	running=0
	for i in "${!NAMES[@]}"; do
		if [ $running -ge "$JOBS" ]; then
			wait -n || true
			running=$((running - 1))
		fi
		(
			t0=$SECONDS
			run_cell "${NAMES[$i]}" "${WORDS[$i]}"
			if [ -f "$OUT/cells/${NAMES[$i]}.json" ]; then
				log "${NAMES[$i]}: ran in $((SECONDS - t0))s"
			else
				log "${NAMES[$i]}: not run: $(cat "$OUT/cells/${NAMES[$i]}.notrun")"
			fi
		) &
		running=$((running + 1))
	done
	wait
fi

# --- the page ------------------------------------------------------------------------------------
args=()
missing=0
if [ $RENDER_ONLY -eq 1 ] && [ ${#PATTERNS[@]} -eq 0 ] && [ ${#EXTRA[@]} -eq 0 ]; then
	# Every cell found in the directory: those of cells.bzl in its order, then the others.
	found=()
	for n in "${NAMES[@]}"; do
		[ ! -e "$OUT/cells/$n.json" ] && [ ! -e "$OUT/cells/$n.notrun" ] || found+=("$n")
	done
	for f in "$OUT/cells"/*.json "$OUT/cells"/*.notrun; do
		[ -e "$f" ] || continue
		n=$(basename "$f")
		n=${n%.*}
		[[ " ${found[*]} " == *" $n "* ]] || found+=("$n")
	done
	NAMES=("${found[@]}")
fi
for name in "${NAMES[@]}"; do
	if [ -s "$OUT/cells/$name.json" ]; then
		args+=(--cell "$name=$OUT/cells/$name.json")
	elif [ -f "$OUT/cells/$name.notrun" ]; then
		args+=(--not-run "$name=$(head -c 2000 "$OUT/cells/$name.notrun")")
	else
		args+=(--not-run "$name=no result in $OUT/cells (run it without --render-only)")
	fi
done
for a in "${ALSO[@]}"; do args+=(--cell "$a"); done
[ ${#args[@]} -gt 0 ] || die "nothing to draw: no cell ran and $OUT/cells is empty"
rc=0
"$MATRIX" --html "$OUT/matrix.html" --markdown "$OUT/matrix.md" "${args[@]}" || rc=$?
[ $rc -le 1 ] || die "report_matrix failed (exit $rc)"
log "page: $OUT/matrix.html, summary: $OUT/matrix.md"
exit $rc
