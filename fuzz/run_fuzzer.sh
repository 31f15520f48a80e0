#!/usr/bin/env bash
# fuzz/run_fuzzer.sh - the //fuzz:NAME_run launcher: fuzzes one harness for a time budget
# with its dictionary and options, growing a working corpus outside the source tree.
#
#   bazel run --config=fuzz //fuzz:NAME_run -- [--time SEC] [--workdir DIR] [-- LIBFUZZER_FLAGS...]
#
#   --time SEC      fuzzing budget in seconds (default 60)
#   --workdir DIR   keeps DIR/NAME/corpus and DIR/NAME/crashes
#                   (default $FUZZ_WORKDIR, else ~/.cache/mmapkit/fuzz)
#   -flag=value     any other single-dash flag goes to libFuzzer as is
#
# The BUILD rule passes --name, --binary, --dict, --options, --engine and --seed-dir
# (runfiles paths). Exits with libFuzzer's status: non-zero when it found a crash.
set -euo pipefail

die() { printf 'fuzz %s: %s\n' "${name:-?}" "$*" >&2; exit 2; }

name="" binary="" dict="" options="" engine="" seed_dirs=() extra=()
budget=60
workdir="${FUZZ_WORKDIR:-$HOME/.cache/mmapkit/fuzz}"
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    --dict) dict=$2; shift 2 ;;
    --options) options=$2; shift 2 ;;
    --engine) engine=$2; shift 2 ;;
    --seed-dir=*) seed_dirs+=("${1#*=}"); shift ;;
    --time) budget=$2; shift 2 ;;
    --time=*) budget=${1#*=}; shift ;;
    --workdir) workdir=$2; shift 2 ;;
    --workdir=*) workdir=${1#*=}; shift ;;
    -h | --help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
    --) shift; extra+=("$@"); break ;;
    -*) extra+=("$1"); shift ;;
    *) die "unexpected argument '$1' (see --help)" ;;
  esac
done
if [ -z "$name" ] || [ -z "$binary" ]; then
  die "run me through bazel: bazel run --config=fuzz //fuzz:<harness>_run"
fi
[[ "$budget" =~ ^[0-9]+$ ]] || die "--time wants whole seconds, got '$budget'"
if [ "$engine" != libfuzzer ]; then
  die "//fuzz:${name}_fuzz was built without libFuzzer (it only replays inputs).
Fuzz with: bazel run --config=fuzz //fuzz:${name}_run -- --time $budget"
fi

# Under `bazel run` the current directory is the runfiles tree: our paths are relative to
# it, while paths the user typed are relative to where they typed them.
runfiles=$PWD
[ -e "$binary" ] || runfiles="$0.runfiles/mmapkit"
[ -e "$runfiles/$binary" ] || die "cannot find $binary in the runfiles"
case "$workdir" in
  /*) ;;
  *) workdir="${BUILD_WORKING_DIRECTORY:-$PWD}/$workdir" ;;
esac

# NAME.options holds "[libfuzzer]" then "key = value" lines (OSS-Fuzz format).
# shellcheck source=tools/libfuzzer_options.sh
. "$runfiles/tools/libfuzzer_options.sh"
mapfile -t flags < <(libfuzzer_options "$runfiles/$options")

corpus="$workdir/$name/corpus"
crashes="$workdir/$name/crashes"
mkdir -p "$corpus" "$crashes"
seeds=()
for d in "${seed_dirs[@]}"; do seeds+=("$runfiles/$d"); done

echo "fuzz $name: ${budget}s, corpus $corpus ($(find "$corpus" -type f | wc -l) inputs), crashes to $crashes/"
status=0
"$runfiles/$binary" "-dict=$runfiles/$dict" "${flags[@]}" "-max_total_time=$budget" \
  "-artifact_prefix=$crashes/" -print_final_stats=1 "${extra[@]}" "$corpus" "${seeds[@]}" || status=$?

if [ $status -ne 0 ]; then
  echo "fuzz $name: libFuzzer exited with $status. Artifacts:"
  for f in "$crashes"/*; do
    [ -f "$f" ] || continue
    echo "  $f"
    echo "    reproduce: bazel run --config=fuzz //fuzz:${name}_fuzz -- $f"
  done
  echo "  after the fix, keep it as a regression: cp <artifact> fuzz/$name/crashers/"
fi
exit $status
