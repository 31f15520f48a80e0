#!/usr/bin/env bash
# fuzz/oss-fuzz/check.sh - runs build.sh the way OSS-Fuzz and ClusterFuzzLite do, without
# their Docker images, and then every fuzzer it produced.
#
#   fuzz/oss-fuzz/check.sh [--sanitizer address|undefined|coverage]... [--time SEC] [--keep]
#   fuzz/oss-fuzz/check.sh --quick
#
# First the project files (project.yaml's sections as OSS-Fuzz's presubmit accepts them,
# the Dockerfiles' base image and build.sh). Then for each sanitizer (default: those of
# project.yaml, address and undefined): $SRC/mmapkit is a copy of this
# tree, $SRC/build.sh a copy of build.sh (what the Dockerfiles do), and the environment is
# the base-builder image's: CC=clang CXX=clang++, CFLAGS = -O1 -fno-omit-frame-pointer
# -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION + the sanitizer's flags +
# -fsanitize=fuzzer-no-link, LIB_FUZZING_ENGINE=-fsanitize=fuzzer, SRC, WORK, OUT. Then for
# each fuzzer in $OUT: its dictionary, options and seed corpus zip are there; it is
# instrumented (sanitizer runtime and coverage counters); the unzipped seed corpus replays
# without a finding; and it fuzzes for SEC seconds (default 10) with its options and
# dictionary without a finding.
#
# --quick: the same build.sh with CC=gcc, no sanitizer, and the replay main of
# fuzz/replay_main.c as the fuzzing engine (OSS-Fuzz's "standalone" engine); each fuzzer
# replays its seed corpus zip. What //fuzz/oss-fuzz:build_test runs: build.sh still builds
# every harness from a plain checkout.
#
# Not checked here (no Docker engine): the images (.clusterfuzzlite/Dockerfile,
# fuzz/oss-fuzz/Dockerfile), libc++ (base-builder's CXXFLAGS add -stdlib=libc++; we link C
# only), the services' own runners. Exit status: 0 all good, 1 a check failed, 2 setup.
set -euo pipefail

say() { printf 'oss-fuzz check: %s\n' "$*"; }
die() { printf 'oss-fuzz check: ERROR: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '2,25s/^# \{0,1\}//p' "$0"; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "${MMAPKIT_SRC:-$here/../..}" && pwd)
[ -f "$root/core/include/mmapkit/copy.h" ] || die "no mmapkit source tree at $root"

sanitizers=() budget=10 quick=0 keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitizer) sanitizers+=("${2:?--sanitizer needs a name}"); shift 2 ;;
    --time) budget=${2:?--time needs seconds}; shift 2 ;;
    --quick) quick=1; shift ;;
    --keep) keep=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[[ "$budget" =~ ^[0-9]+$ ]] || die "--time wants whole seconds, got '$budget'"
command -v unzip >/dev/null || die "unzip is needed to read the seed corpus archives"

work=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/mmapkit-oss-fuzz.XXXXXX")
cleanup() { if [ $keep -eq 1 ]; then say "kept $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

failures=0
fail() {
  printf 'oss-fuzz check: FAIL: %s\n' "$*" >&2
  failures=$((failures + 1))
}

# base-builder's flags (infra/base-images/base-builder/Dockerfile, compile).
base_cflags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
undefined_checks=array-bounds,bool,builtin,enum,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr
sanitizer_flags() {
  case "$1" in
    address) echo "-fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link" ;;
    undefined) echo "-fsanitize=$undefined_checks,unsigned-integer-overflow -fno-sanitize-recover=$undefined_checks -fsanitize=fuzzer-no-link" ;;
    coverage) echo "-fprofile-instr-generate -fcoverage-mapping -pthread -Wl,--no-as-needed -Wl,-ldl -Wl,-lm -Wno-unused-command-line-argument -fsanitize=fuzzer-no-link" ;;
    *) die "unknown sanitizer '$1' (address, undefined or coverage)" ;;
  esac
}
# What ClusterFuzz runs the fuzzers with: findings are fatal, unsigned wrap-around is not
# one (it is only instrumented to be reported where a project asks).
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:symbolize=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:silence_unsigned_overflow=1
# The coverage build's profiles (default.profraw in the current directory otherwise).
export LLVM_PROFILE_FILE=$work/profiles/%p.profraw

# build SANITIZER: runs build.sh as the services do; sets out.
build() {
  local sanitizer=$1
  local src=$work/$sanitizer/src
  out=$work/$sanitizer/out
  mkdir -p "$src/mmapkit" "$out" "$work/$sanitizer/work"
  # The Dockerfiles: the checkout at $SRC/mmapkit, build.sh at $SRC/build.sh.
  (cd "$root" && tar -chf - --exclude='./bazel-*' --exclude=./.git --exclude=./.cache .) |
    tar -xf - -C "$src/mmapkit"
  cp "$root/fuzz/oss-fuzz/build.sh" "$src/build.sh"
  local -a env_vars=(SRC="$src" OUT="$out" WORK="$work/$sanitizer/work" SANITIZER="$sanitizer"
    FUZZING_ENGINE=libfuzzer FUZZING_LANGUAGE=c ARCHITECTURE=x86_64)
  if [ $quick -eq 1 ]; then
    gcc -c -O1 "$root/fuzz/replay_main.c" -o "$work/replay_main.o"
    env_vars+=(CC=gcc CXX=g++ CFLAGS="-O1 -g" CXXFLAGS="-O1 -g"
      LIB_FUZZING_ENGINE="$work/replay_main.o")
  else
    local flags
    flags="$base_cflags $(sanitizer_flags "$sanitizer")"
    env_vars+=(CC=clang CXX=clang++ CFLAGS="$flags" CXXFLAGS="$flags"
      LIB_FUZZING_ENGINE=-fsanitize=fuzzer)
  fi
  say "$sanitizer: bash -eu \$SRC/build.sh in \$SRC/mmapkit"
  if ! (cd "$src/mmapkit" && env "${env_vars[@]}" bash -eu "$src/build.sh") >"$work/$sanitizer/build.log" 2>&1; then
    cat "$work/$sanitizer/build.log" >&2
    fail "$sanitizer: build.sh failed"
    return 1
  fi
}

# fuzzers_of DIR: the fuzz targets build.sh wrote (executables without an extension).
fuzzers_of() { find "$1" -maxdepth 1 -type f -perm -u+x ! -name '*.*' -printf '%f\n' | sort; }

# check_fuzzer SANITIZER NAME: the OSS-Fuzz files of NAME, then its runs.
check_fuzzer() {
  local sanitizer=$1 name=$2 bin=$out/$2 seeds=$work/$1/seeds/$2 symbols n
  for f in "$name.dict" "$name.options" "${name}_seed_corpus.zip"; do
    [ -s "$out/$f" ] || fail "$sanitizer/$name: \$OUT/$f is missing or empty"
  done
  mkdir -p "$seeds"
  unzip -q -o "$out/${name}_seed_corpus.zip" -d "$seeds" || fail "$sanitizer/$name: the seed corpus zip does not unzip"
  n=$(find "$seeds" -type f | wc -l)
  [ "$n" -gt 0 ] || fail "$sanitizer/$name: the seed corpus zip is empty"

  if [ $quick -eq 1 ]; then
    local log=$work/$sanitizer/$name.replay.log
    if ! "$bin" "$seeds" >"$log" 2>&1; then
      fail "$sanitizer/$name: replaying its $n seeds failed: $(tail -3 "$log")"
    fi
    say "  $name: $n seeds replayed"
    return 0
  fi

  # Instrumented the way the sanitizer asks (what OSS-Fuzz's bad-build check looks for).
  symbols=$(nm "$bin" 2>/dev/null)
  grep -q '__sanitizer_cov_\|__sancov_' <<<"$symbols" || fail "$sanitizer/$name: no coverage instrumentation (-fsanitize=fuzzer-no-link lost?)"
  case $sanitizer in
    address) grep -q '__asan_report' <<<"$symbols" || fail "$sanitizer/$name: not built with AddressSanitizer" ;;
    undefined) grep -q '__ubsan_handle' <<<"$symbols" || fail "$sanitizer/$name: not built with UndefinedBehaviorSanitizer" ;;
    coverage) grep -q '__llvm_profile' <<<"$symbols" || fail "$sanitizer/$name: no profile instrumentation" ;;
  esac

  local -a flags
  mapfile -t flags < <(libfuzzer_options "$out/$name.options")
  local log=$work/$sanitizer/$name.seeds.log
  # -runs=0: run every input of the corpus once, then stop.
  if ! "$bin" "${flags[@]}" -runs=0 "$seeds" >"$log" 2>&1; then
    fail "$sanitizer/$name: its seed corpus found something: $(grep -a -m3 -E 'ERROR|SUMMARY|check failed' "$log")"
    return 0
  fi
  mkdir -p "$work/$sanitizer/corpus/$name" "$work/$sanitizer/crashes/$name"
  log=$work/$sanitizer/$name.fuzz.log
  if ! "$bin" "${flags[@]}" "-dict=$out/$name.dict" "-max_total_time=$budget" -print_final_stats=1 \
    "-artifact_prefix=$work/$sanitizer/crashes/$name/" "$work/$sanitizer/corpus/$name" "$seeds" >"$log" 2>&1; then
    fail "$sanitizer/$name: fuzzing for ${budget}s found something: $(grep -a -m3 -E 'ERROR|SUMMARY|check failed' "$log") (kept with --keep: $work/$sanitizer/crashes/$name)"
    return 0
  fi
  say "  $name: $n seeds ok; ${budget}s: $(sed -n 's/^stat::number_of_executed_units: *//p' "$log") runs," \
    "$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log") exec/s," \
    "cov $(grep -a '^#[0-9]' "$log" | tail -1 | sed -nE 's/.*cov: ([0-9]+).*/\1/p')"
}

# yaml_values FILE KEY: the value of "KEY: value", or the items of "KEY:" + "  - item"
# lines (the flat YAML of project.yaml files).
yaml_values() {
  awk -v key="$2" '
    /^[^ #-][^:]*:/ { inkey = 0; k = $0; sub(/:.*/, "", k)
      if (k == key) { v = $0; sub(/^[^:]*:[ \t]*/, "", v); gsub(/"/, "", v)
        if (v != "") print v; else inkey = 1 }
      next }
    inkey && /^[ \t]*-/ { v = $0; sub(/^[ \t]*-[ \t]*/, "", v); gsub(/"/, "", v); print v }
  ' "$1"
}

# The project files, against what OSS-Fuzz's presubmit (infra/presubmit.py) accepts.
check_project_files() {
  local yaml=$root/fuzz/oss-fuzz/project.yaml key value before=$failures
  local valid_keys=" architectures auto_ccs blackbox builds_per_day coverage_extra_args disabled
    fuzzing_engines help_url homepage language labels main_repo primary_contact run_tests
    sanitizers selective_unpack vendor_ccs view_restrictions file_github_issue "
  while read -r key; do
    [[ "$valid_keys" == *" $key "* ]] || fail "fuzz/oss-fuzz/project.yaml: '$key' is not a section OSS-Fuzz accepts"
  done < <(sed -n 's/^\([a-z_]*\):.*/\1/p' "$yaml")
  for key in main_repo language; do
    [ -n "$(yaml_values "$yaml" $key)" ] || fail "fuzz/oss-fuzz/project.yaml: '$key' is required"
  done
  for value in $(yaml_values "$yaml" sanitizers); do
    [[ " address undefined memory " == *" $value "* ]] || fail "fuzz/oss-fuzz/project.yaml: sanitizer '$value' unknown"
  done
  for value in $(yaml_values "$yaml" fuzzing_engines); do
    [[ " libfuzzer afl honggfuzz centipede none " == *" $value "* ]] || fail "fuzz/oss-fuzz/project.yaml: engine '$value' unknown"
  done
  for value in $(yaml_values "$yaml" primary_contact) $(yaml_values "$yaml" auto_ccs); do
    [[ "$value" == *@*.* ]] || fail "fuzz/oss-fuzz/project.yaml: '$value' is not an e-mail address"
  done
  for yaml in "$root/fuzz/oss-fuzz/project.yaml" "$root/.clusterfuzzlite/project.yaml"; do
    [ "$(yaml_values "$yaml" language)" = c ] || fail "${yaml#"$root"/}: language should be c"
  done
  local dockerfile
  for dockerfile in "$root/fuzz/oss-fuzz/Dockerfile" "$root/.clusterfuzzlite/Dockerfile"; do
    grep -q '^FROM gcr.io/oss-fuzz-base/base-builder$' "$dockerfile" ||
      fail "${dockerfile#"$root"/}: not based on gcr.io/oss-fuzz-base/base-builder"
    grep -q '^COPY .*build.sh \$SRC/$' "$dockerfile" || fail "${dockerfile#"$root"/}: does not put build.sh at \$SRC/"
  done
  [ -x "$root/.clusterfuzzlite/build.sh" ] || fail ".clusterfuzzlite/build.sh is not executable"
  [ $failures -gt "$before" ] ||
    say "project files: fuzz/oss-fuzz/{Dockerfile,project.yaml}, .clusterfuzzlite/{Dockerfile,build.sh,project.yaml} look as the services expect"
}

if [ $quick -eq 0 ]; then
  # shellcheck source=tools/libfuzzer_options.sh
  . "$root/tools/libfuzzer_options.sh"
  check_project_files
  # By default, what OSS-Fuzz would build: project.yaml's sanitizers.
  [ ${#sanitizers[@]} -gt 0 ] || mapfile -t sanitizers < <(yaml_values "$root/fuzz/oss-fuzz/project.yaml" sanitizers)
fi
[ $quick -eq 0 ] || sanitizers=(none)
for sanitizer in "${sanitizers[@]}"; do
  build "$sanitizer" || continue
  mapfile -t fuzzers < <(fuzzers_of "$out")
  expected=$(find "$root/fuzz/harnesses" -name '*_fuzzer.c' -printf '%f\n' | sed 's/_fuzzer\.c$//' | sort)
  [ "$(printf '%s\n' "${fuzzers[@]}")" = "$expected" ] ||
    fail "$sanitizer: expected one fuzzer per harness ($(echo $expected)), \$OUT has: ${fuzzers[*]:-none}"
  say "$sanitizer: ${#fuzzers[@]} fuzzers in \$OUT"
  for name in "${fuzzers[@]}"; do check_fuzzer "$sanitizer" "$name"; done
done

if [ $failures -gt 0 ]; then
  say "$failures check(s) failed"
  exit 1
fi
say "ok: ${sanitizers[*]}"
