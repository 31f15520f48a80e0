#!/usr/bin/env bash
# tools/fuzz.sh - continuous fuzzing of every mmapkit harness (usable as the nightly job).
#
#   tools/fuzz.sh [--time SEC] [--fork N] [--corpus-root DIR] [--shared-corpus SHARED]
#                 [--no-merge] [NAME...]
#
# Builds the libFuzzer binaries (bazel --config=fuzz), then runs each harness (all of
# //fuzz's, or the NAMEs given) for SEC seconds (default 300), one at a time, printing a
# progress line every few seconds. New inputs are merged (-merge=1) into the persistent
# corpus DIR/NAME/corpus; crashes are kept in DIR/NAME/crashes/, each with a .txt file
# holding its one-line reproduce command and the failure. DIR is --corpus-root, else
# $FUZZ_WORKDIR, else ~/.cache/mmapkit/fuzz. A table of the runs ends the output and is
# also written to DIR/summary.tsv.
#
# --fork N: libFuzzer's fork mode, N jobs in parallel per harness (use the machine's
#   cores); a crash, timeout or OOM does not end the run: each is kept, and the run goes on.
# --shared-corpus SHARED: a directory several machines share (NFS, or synced by rsync or
#   gsutil): SHARED/corpus/NAME holds the team's corpus, SHARED/crashes/NAME what anyone
#   found. Before fuzzing a harness its shared corpus is merged into the local one (pull:
#   only inputs that add coverage come over); after, the local corpus is merged into the
#   shared one (push: -merge=1 against it, under flock SHARED/NAME.lock, new files moved in
#   whole, named by their content's SHA-1, so concurrent pushes and pulls never see a
#   partial file and the same input found twice is one file) and new crashes are copied.
#
# Exit status: 0 no crash, 1 a harness crashed (or hung, or leaked), 2 usage or build error.
set -euo pipefail

say() { printf 'fuzz: %s\n' "$*"; }
die() { printf 'fuzz: ERROR: %s\n' "$*" >&2; exit 2; }
usage() { sed -n '2,27s/^# \{0,1\}//p' "$0"; }

budget=300
root="${FUZZ_WORKDIR:-$HOME/.cache/mmapkit/fuzz}"
merge=1 fork=0 shared=""
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) budget=${2:?--time needs seconds}; shift 2 ;;
    --time=*) budget=${1#*=}; shift ;;
    --corpus-root) root=${2:?--corpus-root needs a directory}; shift 2 ;;
    --corpus-root=*) root=${1#*=}; shift ;;
    --no-merge) merge=0; shift ;;
    --fork) fork=${2:?--fork needs a number of jobs}; shift 2 ;;
    --fork=*) fork=${1#*=}; shift ;;
    --shared-corpus) shared=${2:?--shared-corpus needs a directory}; shift 2 ;;
    --shared-corpus=*) shared=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) names+=("$1"); shift ;;
  esac
done
if ! [[ "$budget" =~ ^[0-9]+$ ]] || [ "$budget" -eq 0 ]; then
  die "--time wants a positive number of seconds, got '$budget'"
fi
[[ "$fork" =~ ^[0-9]+$ ]] || die "--fork wants a number of jobs, got '$fork'"
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
mkdir -p "$root"
root=$(cd "$root" && pwd)
if [ -n "$shared" ]; then
  mkdir -p "$shared" || die "cannot create the shared corpus directory $shared"
  shared=$(cd "$shared" && pwd)
  [ -w "$shared" ] || die "the shared corpus directory $shared is not writable"
fi

# Harnesses: every //fuzz:*_fuzz target (tag fuzz_target), or the ones named.
all=$(bazel query --noshow_progress 'attr(tags, "fuzz_target", //fuzz:all)' 2>/dev/null | sed -n 's|^//fuzz:\(.*\)_fuzz$|\1|p')
[ -n "$all" ] || die "bazel query found no fuzz targets in //fuzz"
if [ ${#names[@]} -eq 0 ]; then
  mapfile -t names <<<"$all"
else
  for n in "${names[@]}"; do
    grep -qx "$n" <<<"$all" || die "no harness '$n' (have: $(tr '\n' ' ' <<<"$all"))"
  done
fi

targets=()
for n in "${names[@]}"; do targets+=("//fuzz:${n}_fuzz"); done
say "building ${#targets[@]} fuzzer(s) with --config=fuzz"
if ! bazel build --config=fuzz --noshow_progress "${targets[@]}" >"$root/build.log" 2>&1; then
  tail -20 "$root/build.log" >&2
  die "bazel build --config=fuzz failed (log: $root/build.log)"
fi
execroot=$(bazel info --config=fuzz execution_root 2>/dev/null)

# A harness's binary, found the way bazel-bin cannot be trusted to (it follows the last config).
binary_of() {
  bazel cquery --config=fuzz --noshow_progress --output=starlark \
    --starlark:expr='target.files.to_list()[0].path' "//fuzz:$1_fuzz" 2>/dev/null
}

# shellcheck source=tools/libfuzzer_options.sh
. "$repo/tools/libfuzzer_options.sh"
options_of() { libfuzzer_options "fuzz/harnesses/$1/$1.options"; }

# The last libFuzzer status line of a log -> "exec/s 20000  cov 518  corpus 170". Plain
# mode prints "#N ... cov: C ... corp: K/S ... exec/s: E", fork mode "#N: cov: C ... corp: K
# exec/s E ...".
progress_of() {
  grep -a '^#[0-9]' "$1" 2>/dev/null | tail -1 |
    sed -nE 's/.*cov: ([0-9]+).*corp: ([0-9]+)[^0-9].*exec\/s:? ([0-9]+).*/exec\/s \3  cov \1  corpus \2/p'
}
# Total inputs run: plain mode's final stats, else the last status line's #N (fork mode).
execs_of() {
  local n
  n=$(stat_of "$1" number_of_executed_units)
  [ -n "$n" ] || n=$(grep -a '^#[0-9]' "$1" 2>/dev/null | tail -1 | sed -nE 's/^#([0-9]+).*/\1/p')
  echo "$n"
}

stat_of() { sed -n "s/^stat::$2: *//p" "$1" | tail -1; }
rate_of() {
  local r
  r=$(stat_of "$1" average_exec_per_sec)
  [ -n "$r" ] || r=$(progress_of "$1" | sed -nE 's/^exec\/s ([0-9]+).*/\1/p')
  echo "$r"
}
files_in() { find "$1" -type f | wc -l; }

# pull NAME BIN: merges the team's corpus of NAME into the local one (what adds coverage).
pull() {
  local name=$1 bin=$2 from=$shared/corpus/$1 n0 n1
  mkdir -p "$from"
  n0=$(files_in "$dir/corpus")
  if "$bin" -merge=1 "${flags[@]}" "$dir/corpus" "$from" >"$dir/last-pull.log" 2>&1; then
    n1=$(files_in "$dir/corpus")
    say "$name: pulled $((n1 - n0)) of $(files_in "$from") shared inputs (those adding coverage)"
  else
    say "$name: pull from $from failed (see $dir/last-pull.log); fuzzing with the local corpus"
  fi
}

# push NAME BIN ARTIFACT...: merges the local corpus into the team's, and copies the
# artifacts (with their .txt) to SHARED/crashes/NAME. One pusher at a time per harness.
push() {
  local name=$1 bin=$2 to=$shared/corpus/$1 stage lock f moved=0
  shift 2
  mkdir -p "$to" "$shared/.staging" "$shared/crashes/$name"
  exec {lock}>"$shared/$name.lock"
  flock "$lock"
  # The shared corpus as it is (hard links where the file system has them), then the local
  # inputs that add to it; only those are moved in, each whole (rename).
  stage=$(mktemp -d "$shared/.staging/$name.XXXXXX")
  find "$to" -maxdepth 1 -type f -exec cp -l -t "$stage" {} + 2>/dev/null ||
    find "$to" -maxdepth 1 -type f -exec cp -t "$stage" {} +
  if "$bin" -merge=1 "${flags[@]}" "$stage" "$dir/corpus" >"$dir/last-push.log" 2>&1; then
    for f in "$stage"/*; do
      [ -f "$f" ] && [ ! -e "$to/${f##*/}" ] || continue
      mv "$f" "$to/" && moved=$((moved + 1))
    done
    say "$name: pushed $moved new inputs to the shared corpus ($(files_in "$to") inputs in $to)"
  else
    say "$name: push to $to failed (see $dir/last-push.log)"
  fi
  rm -rf "$stage"
  for f in "$@"; do cp "$f" "$f.txt" "$shared/crashes/$name/" 2>/dev/null || true; done
  [ $# -eq 0 ] || say "$name: $# finding(s) copied to $shared/crashes/$name/"
  flock -u "$lock"
  exec {lock}>&-
}

# Fork mode runs N jobs and keeps going after a finding (each one is kept).
run_mode=()
[ "$fork" -eq 0 ] || run_mode=("-fork=$fork" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)

crashed=0
summary="$root/summary.tsv"
printf 'harness\tseconds\texecs\texec_per_s\tcov\tcorpus\tnew\tresult\n' >"$summary"
for name in "${names[@]}"; do
  bin="$execroot/$(binary_of "$name")"
  [ -x "$bin" ] || die "no binary for $name at $bin"
  dir="$root/$name"
  mkdir -p "$dir/corpus" "$dir/crashes"
  new=$(mktemp -d "$dir/new.XXXXXX")
  log="$dir/last-run.log"
  mapfile -t flags < <(options_of "$name")
  seeds=("fuzz/harnesses/$name/corpus")
  [ -d "fuzz/harnesses/$name/crashers" ] && seeds+=("fuzz/harnesses/$name/crashers")

  [ -z "$shared" ] || pull "$name" "$bin"
  say "$name: ${budget}s$([ "$fork" -eq 0 ] || echo ", $fork jobs"), corpus $(files_in "$dir/corpus") inputs in $dir/corpus"
  # Defaults first: NAME.options may override them. New inputs go to $new (merged below).
  "$bin" -timeout=25 -rss_limit_mb=2048 "${flags[@]}" "-dict=fuzz/harnesses/$name/$name.dict" \
    "-max_total_time=$budget" -print_final_stats=1 "-artifact_prefix=$dir/crashes/" \
    "${run_mode[@]}" "$new" "$dir/corpus" "${seeds[@]}" >"$log" 2>&1 &
  pid=$!
  start=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    elapsed=$((SECONDS - start))
    if [ $((elapsed % 10)) -eq 0 ]; then
      printf 'fuzz: %-12s %4ds/%ss  %s\n' "$name" "$elapsed" "$budget" "$(progress_of "$log")"
    fi
  done
  status=0
  wait "$pid" || status=$?

  result=ok
  found=()
  # Every artifact libFuzzer wrote this run (crash-, leak-, timeout-, oom-...), with how to
  # reproduce it next to it.
  while IFS= read -r artifact; do
    result=CRASH
    found+=("$artifact")
    what=$(grep -a -m1 -E '^\*\*\* mmapkit fuzz check failed|^==[0-9]+==ERROR|^SUMMARY|ERROR: libFuzzer' "$log" || true)
    {
      echo "reproduce: bazel run --config=fuzz //fuzz:${name}_fuzz -- $artifact"
      echo "then keep it as a regression test: cp $artifact fuzz/harnesses/$name/crashers/"
      echo "failure: $what"
      grep -a -m1 -A1 '^\*\*\* mmapkit fuzz check failed' "$log" | tail -1 || true
    } >"$artifact.txt"
    say "$name: FOUND $(basename "$artifact"): $what"
    say "  reproduce: bazel run --config=fuzz //fuzz:${name}_fuzz -- $artifact"
  done < <(find "$dir/crashes" -type f ! -name '*.txt' -newer "$new" 2>/dev/null)
  if [ "$result" = ok ] && [ $status -ne 0 ]; then
    result="EXIT $status"
    say "$name: libFuzzer exited with $status without an artifact; see $log"
  fi
  [ "$result" = ok ] || crashed=1

  added=$(find "$new" -type f | wc -l)
  if [ $merge -eq 1 ] && [ "$added" -gt 0 ]; then
    n0=$(files_in "$dir/corpus")
    if "$bin" -merge=1 "${flags[@]}" "$dir/corpus" "$new" >"$dir/last-merge.log" 2>&1; then
      n1=$(files_in "$dir/corpus")
      say "$name: merged $((n1 - n0)) of $added new inputs into the corpus ($n1 inputs)"
      rm -rf "$new"
    else
      say "$name: merge failed (see $dir/last-merge.log); the new inputs stay in $new"
    fi
  else
    rm -rf "$new"
  fi
  [ -z "$shared" ] || push "$name" "$bin" "${found[@]}"

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$((SECONDS - start))" \
    "$(execs_of "$log")" "$(rate_of "$log")" \
    "$(progress_of "$log" | sed -nE 's/.*cov ([0-9]+).*/\1/p')" \
    "$(files_in "$dir/corpus")" "$added" "$result" >>"$summary"
done

echo
column -t -s $'\t' "$summary"
echo "(corpus and crashes under $root; this table: $summary)"
if [ $crashed -ne 0 ]; then
  say "crashes found: each artifact has a .txt with its reproduce command"
  exit 1
fi
exit 0
