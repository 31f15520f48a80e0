#!/usr/bin/env bash
# tools/coverage.sh - line, function and branch coverage of mmapkit by its tests and fuzz
# corpora, with clang's source-based coverage (-fprofile-instr-generate
# -fcoverage-mapping) and Debian llvm-14's llvm-profdata-14 / llvm-cov-14. No download:
# Bazel 4's `bazel coverage` would need one.
#
#   tools/coverage.sh [--out DIR] [--corpus-root DIR] [PATTERN...]
#
#   1. bazel test --config=coverage PATTERN... (default //...; without the qemu and sandbox
#      tests, as under asan), every process writing its profile to DIR/profiles
#   2. every fuzz harness's replay program (//fuzz:NAME_fuzz, built the same way) over its
#      seeds, its crashers and the corpus tools/fuzz.sh grew (--corpus-root, else
#      $FUZZ_WORKDIR, else ~/.cache/mmapkit/fuzz: DIR/NAME/corpus, where there is one)
#   3. DIR/html/index.html: the sources of core/, tools/, conformance/ and fuzz/, line by line
#      DIR/summary.txt: one line per file of core/src (also printed), then the total
#
# DIR defaults to ./coverage-report (relative to where you run it). Exit status: 0 done,
# 1 a test or a corpus input failed (the report is still written, from what ran), 2 setup.
set -euo pipefail

say() { printf 'coverage: %s\n' "$*"; }
die() { printf 'coverage: ERROR: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '2,19s/^# \{0,1\}//p' "$0"; }

out=coverage-report
corpus_root=${FUZZ_WORKDIR:-$HOME/.cache/mmapkit/fuzz}
patterns=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --out=*) out=${1#*=}; shift ;;
    --corpus-root) corpus_root=${2:?--corpus-root needs a directory}; shift 2 ;;
    --corpus-root=*) corpus_root=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) patterns+=("$1"); shift ;;
  esac
done
[ ${#patterns[@]} -gt 0 ] || patterns=(//...)
profdata_tool=llvm-profdata-14 cov_tool=llvm-cov-14
for t in $profdata_tool $cov_tool clang; do
  command -v "$t" >/dev/null || die "$t is missing (tools/bootstrap.sh installs llvm-14 and clang)"
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
profiles=$out/profiles
rm -rf "$profiles" "$out/html"
mkdir -p "$profiles"
# %m: one file per instrumented binary, merged into by each of its processes (the tools
# the shell tests start); %c: counters live in that file (mapped), so forked children that
# die of a signal or _exit() count too.
export LLVM_PROFILE_FILE=$profiles/%m%c.profraw
flags=(--config=coverage --noshow_progress)
failed=0

# --- 1. the tests ----------------------------------------------------------------------
say "1. bazel test --config=coverage ${patterns[*]}"
start=$SECONDS
# --nocache_test_results: a cached result runs nothing and leaves no profile.
if ! bazel test "${flags[@]}" --nocache_test_results --test_env=LLVM_PROFILE_FILE \
  "--sandbox_writable_path=$profiles" "${patterns[@]}" >"$out/test.log" 2>&1; then
  grep -qE '^//\S+\s+(FAILED|TIMEOUT|NO STATUS)' "$out/test.log" ||
    { tail -20 "$out/test.log" >&2; die "bazel test --config=coverage did not run (log: $out/test.log)"; }
fi
say "  $(grep -cE '^//\S+\s+PASSED' "$out/test.log" || true) tests passed ($((SECONDS - start)) s)"
# A test that limits its own process (ulimit -f) can keep the profile runtime from writing,
# which then says so on stderr: an effect of the instrumentation, not of mmapkit, when the
# same test passes uninstrumented.
testlogs=$(bazel info "${flags[@]}" bazel-testlogs 2>/dev/null)
while read -r target; do
  log=$testlogs/${target#//}
  log=${log/://}/test.log
  if grep -q 'LLVM Profile Error' "$log" 2>/dev/null &&
    bazel test --noshow_progress "$target" >"$out/retest.log" 2>&1; then
    say "  $target failed only under coverage: the profile runtime could not write ($(grep -m1 'LLVM Profile Error' "$log"))"
  else
    say "  FAILED: $target (log: $log)"
    failed=1
  fi
done < <(sed -nE 's/^(\/\/\S+)\s+(FAILED|TIMEOUT|NO STATUS).*/\1/p' "$out/test.log")

# --- 2. the fuzz corpora ---------------------------------------------------------------
harnesses=$(bazel query --noshow_progress 'attr(tags, "fuzz_target", //fuzz:all)' 2>/dev/null |
  sed -n 's|^//fuzz:\(.*\)_fuzz$|\1|p')
targets=()
for h in $harnesses; do targets+=("//fuzz:${h}_fuzz"); done
say "2. the fuzz corpora of ${#targets[@]} harnesses"
bazel build "${flags[@]}" "${targets[@]}" >"$out/fuzz-build.log" 2>&1 ||
  { tail -20 "$out/fuzz-build.log" >&2; die "building the replay programs failed"; }
bin_dir=$(bazel info "${flags[@]}" bazel-bin 2>/dev/null)
for h in $harnesses; do
  inputs=()
  for d in "fuzz/harnesses/$h/corpus" "fuzz/harnesses/$h/crashers" "$corpus_root/$h/corpus"; do
    [ -d "$d" ] && [ -n "$(ls -A "$d")" ] && inputs+=("$d")
  done
  n=$(find "${inputs[@]}" -type f | wc -l)
  if ! "$bin_dir/fuzz/${h}_fuzz" "${inputs[@]}" >"$out/fuzz-$h.log" 2>&1; then
    say "  $h: an input failed (log: $out/fuzz-$h.log)"
    failed=1
  fi
  say "  $h: $n inputs from ${inputs[*]}"
done

# --- 3. the report -----------------------------------------------------------------------
shopt -s nullglob
raw=("$profiles"/*.profraw)
[ ${#raw[@]} -gt 0 ] || die "no profile was written to $profiles: was --config=coverage applied?"
$profdata_tool merge -sparse "${raw[@]}" -o "$out/coverage.profdata"

# The mapping of the code comes from the binaries that ran it: every executable the tested
# targets and the replay programs are built from (linked statically in this config, so the
# library's code is in each). Not whatever else is in bazel-bin: a stale binary would add
# lines nobody ran.
execroot=$(bazel info "${flags[@]}" execution_root 2>/dev/null)
objects=()
while IFS= read -r f; do
  [ -n "$f" ] && readelf -h "$execroot/$f" 2>/dev/null | grep -qE '^ *Type: *(EXEC|DYN)' &&
    llvm-objdump-14 --section-headers "$execroot/$f" 2>/dev/null | grep -q __llvm_covmap &&
    objects+=(-object "$execroot/$f")
done < <(bazel cquery "${flags[@]}" --output=starlark \
  --starlark:expr='target.files_to_run.executable.path if target.files_to_run.executable else ""' \
  "kind('cc_(test|binary)', deps(set(${patterns[*]} ${targets[*]})))" 2>/dev/null | sort -u)
[ ${#objects[@]} -gt 0 ] || die "no instrumented binary among the targets' executables"
cov_args=(-instr-profile="$out/coverage.profdata" "${objects[@]:1}")
# Our sources only: not googletest, not the system headers, not generated files.
ignore='(^|/)(external|bazel-out)/|^/usr/'

$cov_tool show -format=html -output-dir="$out/html" -show-line-counts-or-regions \
  -show-instantiation-summary=false -ignore-filename-regex="$ignore" "${cov_args[@]}" \
  2>"$out/llvm-cov.log" || { cat "$out/llvm-cov.log" >&2; die "llvm-cov show failed"; }

# llvm-cov report's table: Filename Regions Missed Cover Functions Missed Executed Lines
# Missed Cover Branches Missed Cover. One line per file of core/src, then their sum.
$cov_tool report -ignore-filename-regex="$ignore" "${cov_args[@]}" >"$out/report.txt" 2>>"$out/llvm-cov.log" ||
  { cat "$out/llvm-cov.log" >&2; die "llvm-cov report failed"; }
awk '
  function pct(n, missed) { return n ? sprintf("%.1f%%", 100 * (n - missed) / n) : "-" }
  function line(name, l, lm, f, fm, b, bm) {
    printf "%-28s lines %6s (%5d/%5d)  functions %6s (%3d/%3d)  branches %6s (%4d/%4d)\n",
      name, pct(l, lm), l - lm, l, pct(f, fm), f - fm, f, pct(b, bm), b - bm, b
  }
  $1 ~ /^core\/src\// && $8 > 0 {
    line($1, $8, $9, $5, $6, $11, $12)
    L += $8; LM += $9; F += $5; FM += $6; B += $11; BM += $12
  }
  END { if (L) line("core/src (all)", L, LM, F, FM, B, BM) }' "$out/report.txt" >"$out/summary.txt"
[ -s "$out/summary.txt" ] || die "llvm-cov found no file of core/src (see $out/report.txt)"

echo
cat "$out/summary.txt"
echo
say "HTML: $out/html/index.html; per-file table: $out/report.txt"
exit $failed
