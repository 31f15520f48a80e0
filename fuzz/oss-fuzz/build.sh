#!/bin/bash
# fuzz/oss-fuzz/build.sh - builds every mmapkit harness the OSS-Fuzz / ClusterFuzzLite way:
# C with $CC $CFLAGS, linked with $CXX $CXXFLAGS $LIB_FUZZING_ENGINE, into $OUT together with
# NAME_seed_corpus.zip, NAME.dict and NAME.options. No Bazel: those builders only have a
# compiler and this checkout.
#
# Locally, exactly as the services call it:
#   CC=clang CXX=clang++ CFLAGS="-O1 -g -fsanitize=address,undefined,fuzzer-no-link" \
#   CXXFLAGS="$CFLAGS" LIB_FUZZING_ENGINE=-fsanitize=fuzzer SRC=/work/main OUT=$(mktemp -d) \
#   fuzz/oss-fuzz/build.sh
#   $OUT/copy_range -max_total_time=10 $OUT/copy_range_corpus   # after unzipping the seeds
# fuzz/oss-fuzz/check.sh does that for every sanitizer and fuzzer, with the services' flags.
#
# The source tree is $MMAPKIT_SRC, else the checkout holding this script, else $SRC/mmapkit.
# A harness is a directory fuzz/harnesses/NAME/ with NAME_fuzzer.c (see fuzz/BUILD.bazel).
set -euo pipefail

die() { echo "oss-fuzz build: $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -n "${MMAPKIT_SRC:-}" ]; then
  root=$MMAPKIT_SRC
elif [ -f "$here/../../core/include/mmapkit/copy.h" ]; then
  root=$(cd "$here/../.." && pwd)
else
  root=${SRC:?neither MMAPKIT_SRC nor SRC is set}/mmapkit
fi
[ -f "$root/core/include/mmapkit/copy.h" ] || die "no mmapkit source tree at $root"
: "${CC:?set CC (e.g. clang)}" "${OUT:?set OUT (output directory)}"
: "${LIB_FUZZING_ENGINE:?set LIB_FUZZING_ENGINE (e.g. -fsanitize=fuzzer)}"
CXX=${CXX:-$CC}
CFLAGS=${CFLAGS:-}
CXXFLAGS=${CXXFLAGS:-$CFLAGS}
command -v zip >/dev/null || die "zip is needed for the seed corpus archives (apt-get install zip)"
mkdir -p "$OUT"

work=$(mktemp -d "${WORK:-${TMPDIR:-/tmp}}/mmapkit-build.XXXXXX") # $WORK: the services' scratch space
trap 'rm -rf "$work"' EXIT
# Our own flags come first so that $CFLAGS can override them.
ours=(-std=c11 -D_FILE_OFFSET_BITS=64 -I"$root" -I"$root/core/include")  # as tools/copts.bzl

# compile PREFIX C_FILE...: objects $work/PREFIX<name>.o, listed in $compiled.
compile() {
  local prefix=$1 c o
  shift
  compiled=()
  for c in "$@"; do
    o="$work/$prefix$(basename "${c%.c}").o"
    # shellcheck disable=SC2086  # CFLAGS is a list of flags
    $CC "${ours[@]}" $CFLAGS -c "$c" -o "$o"
    compiled+=("$o")
  done
}

# The library, once.
compile "" "$root"/core/src/*.c
ar rcs "$work/libmmapkit.a" "${compiled[@]}"

# Code the harnesses share (fuzz/common/*.c), linked into each with the calls its I/O fault
# layer wraps: every __wrap_NAME defined there is linked with -Wl,--wrap=NAME (Bazel's list
# is IO_FAULT_WRAPS in fuzz/defs.bzl; //fuzz:harness_files_test keeps the two in step).
compile common_ "$root"/fuzz/common/*.c
common_objs=("${compiled[@]}")
wraps=()
for name in $(grep -oh '__wrap_[A-Za-z0-9_]*(' "$root"/fuzz/common/*.c | tr -d '(' | sort -u); do
  wraps+=("-Wl,--wrap=${name#__wrap_}")
done

built=0
for dir in "$root"/fuzz/harnesses/*/; do
  name=$(basename "$dir")
  src="$dir/${name}_fuzzer.c"
  [ -f "$src" ] || continue
  # shellcheck disable=SC2086
  $CC "${ours[@]}" $CFLAGS -c "$src" -o "$work/$name.o"
  # shellcheck disable=SC2086
  $CXX $CXXFLAGS "$work/$name.o" "${common_objs[@]}" "$work/libmmapkit.a" "${wraps[@]}" -lpthread \
    $LIB_FUZZING_ENGINE -o "$OUT/$name"
  rm -f "$OUT/${name}_seed_corpus.zip"
  # Seeds and the reproducers of fixed bugs both make good starting points.
  mapfile -t seeds < <(find "$dir/corpus" "$dir/crashers" -type f 2>/dev/null | sort)
  [ ${#seeds[@]} -gt 0 ] || die "$name has no seed corpus in $dir/corpus"
  zip -q -j "$OUT/${name}_seed_corpus.zip" "${seeds[@]}"
  cp "$dir/$name.dict" "$OUT/$name.dict"
  cp "$dir/$name.options" "$OUT/$name.options"
  echo "oss-fuzz build: $OUT/$name (+ seed corpus, dict, options)"
  built=$((built + 1))
done
[ "$built" -gt 0 ] || die "no harness found under $root/fuzz/harnesses"
