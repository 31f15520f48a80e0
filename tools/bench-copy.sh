#!/usr/bin/env bash
# tools/bench-copy.sh - one command for each copy benchmark, built with -c opt.
#
#   tools/bench-copy.sh                 in-process copies (//tools:bench_copy), a
#                                       few minutes: table, CSV, PNG
#   tools/bench-copy.sh --quick         the same, smoke run (seconds)
#   tools/bench-copy.sh --cli           whole processes, as users run them
#                                       (//tools:bench_copy_cli): mmapcp per -j
#                                       against cp, `cat >`, dd bs=4M; 4 KiB, 64 MiB,
#                                       1 GiB; cold and warm; 9 rounds (about 25
#                                       minutes on an idle 2-core machine)
#   tools/bench-copy.sh --cli --quick   64 MiB and 1 GiB, warm, 5 rounds (minutes)
#   tools/bench-copy.sh --cli --profile what mmapcp does that cp does not, for
#                                       1 GiB on each file system: max RSS
#                                       (/usr/bin/time -v), system calls
#                                       (strace -c), kernel profile (perf)
#   BENCH_OUT=dir tools/bench-copy.sh   where the CSV, PNG and profiles go
#                                       (default: ${TMPDIR:-/tmp}/bench_copy-out)
# Every other option goes to the benchmark program (--help lists them).
# Results and how to read them: tools/bench_results.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${BENCH_OUT:-${TMPDIR:-/tmp}/bench_copy-out}"

cli=0
profile=0
args=()
want_csv=1
want_png=1
prev=""
for a in "$@"; do
  # Relative paths are the caller's: make them absolute before leaving for the repo.
  case "$prev" in
    --csv | --png | --dir | --shm)
      [ "$a" != none ] && [ "${a#/}" = "$a" ] && a="$PWD/$a"
      ;;
  esac
  prev="$a"
  case "$a" in
    --cli) cli=1 && continue ;;
    --profile) profile=1 && continue ;;
    --csv) want_csv=0 ;;
    --png) want_png=0 ;;
    --help | -h | --list) want_csv=0 want_png=0 ;;
  esac
  args+=("$a")
done

cd "$repo"
if [ $cli -eq 0 ]; then
  if [ $want_csv -eq 1 ] || [ $want_png -eq 1 ]; then
    mkdir -p "$out"
    [ $want_csv -eq 1 ] && args+=(--csv "$out/bench_copy.csv")
    [ $want_png -eq 1 ] && args+=(--png "$out/bench_copy.png")
  fi
  exec bazel run -c opt //tools:bench_copy -- "${args[@]}"
fi

bazel build -c opt //tools:mmapcp //tools:bench_copy_cli
bin="$(bazel info -c opt bazel-bin 2>/dev/null)/tools"
mkdir -p "$out"

if [ $profile -eq 0 ]; then
  [ $want_csv -eq 1 ] && args+=(--csv "$out/bench_copy_cli.csv")
  exec "$bin/bench_copy_cli" --mmapcp "$bin/mmapcp" "${args[@]}"
fi

# --profile: one 1 GiB page-cached source per file system; each command run
# once under each tool, every destination removed before the next run.
for tool in /usr/bin/time strace perf; do
  command -v "$tool" >/dev/null || {
    echo "bench-copy: $tool is missing (tools/bootstrap.sh installs it)" >&2
    exit 1
  }
done
echo "# bench-copy --profile: $(date -u '+%Y-%m-%d %H:%M UTC'); $(uname -r); load average: $(cat /proc/loadavg)"
for base in "${TMPDIR:-/tmp}" /dev/shm; do
  [ -d "$base" ] || continue
  dir=$(mktemp -d "$base/bench_copy_profile.XXXXXX")
  fs=$(stat -f -c %T "$dir" | tr "/ " "+_") # "ext2/ext3" for ext4
  head -c 1G /dev/urandom >"$dir/src"
  sync "$dir/src"
  cat "$dir/src" >/dev/null
  for cmd in "$bin/mmapcp -j 1" "$bin/mmapcp" cp; do
    name=$(basename "${cmd%% *}")${cmd#"${cmd%% *}"}
    tag="$fs-$(echo "$name" | tr ' ' '_')"
    echo
    echo "== $fs ($base), 1 GiB: $name"
    # shellcheck disable=SC2086
    { /usr/bin/time -v $cmd "$dir/src" "$dir/dst"; } 2>"$out/time-$tag.txt"
    grep -E 'Maximum resident|Elapsed|System time|User time|Minor' "$out/time-$tag.txt" | sed 's/^\t*/  /'
    rm -f "$dir/dst"
    # shellcheck disable=SC2086
    strace -f -c -o "$out/strace-$tag.txt" $cmd "$dir/src" "$dir/dst"
    echo "  system calls (strace -c, top 8 by time):"
    sed -n '3,10p' "$out/strace-$tag.txt" | sed 's/^/    /'
    rm -f "$dir/dst"
    # shellcheck disable=SC2086
    perf record -q -g -o "$out/perf-$tag.data" $cmd "$dir/src" "$dir/dst" 2>/dev/null
    # (|| true: head closes the pipe early, which pipefail would count as failure)
    perf report -i "$out/perf-$tag.data" --no-children --stdio --sort sym -g none 2>/dev/null |
      grep -E '^ +[0-9]' | head -25 >"$out/perf-$tag.txt" || true
    echo "  kernel and user time by function (perf, top 12):"
    head -12 "$out/perf-$tag.txt" | sed 's/^/    /'
    rm -f "$dir/dst"
  done
  # Where the threads of a parallel copy wait: each sleep's kernel stack.
  cmd="$bin/mmapcp -j 2"
  tag="$fs-mmapcp_-j_2-sleeps"
  perf record -q -e sched:sched_switch -g -o "$out/perf-$tag.data" $cmd "$dir/src" "$dir/dst" 2>/dev/null
  perf script -i "$out/perf-$tag.data" 2>/dev/null |
    awk '/sched_switch/ { rec = 1; stack = ""; blocked = $0 ~ /prev_state=[DS]/; next }
         rec && NF == 0 { if (blocked) print stack; rec = 0; next }
         rec && $2 !~ /unknown/ { if (n = split($2, f, "+")) stack = stack " <- " f[1] }' |
    sort | uniq -c | sort -rn | head -6 >"$out/sleeps-$tag.txt" || true
  echo
  echo "== $fs ($base), 1 GiB: mmapcp -j 2, where its threads sleep (count, kernel stack)"
  cut -c1-200 "$out/sleeps-$tag.txt" | sed 's/^/  /'
  rm -f "$dir/dst"
  rm -rf "$dir"
done
echo
echo "# load average at end: $(cat /proc/loadavg)"
echo "# full outputs: $out/{time,strace,perf}-*"
