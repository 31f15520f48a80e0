#!/usr/bin/env bash
# tools/bench-copy.sh - one command for the copy benchmark: builds
# //tools:bench_copy with -c opt and runs it, writing the CSV and the PNG
# chart next to each other unless --csv/--png are given.
#
#   tools/bench-copy.sh                 full run (a few minutes): table, CSV, PNG
#   tools/bench-copy.sh --quick         smoke run (seconds)
#   BENCH_OUT=dir tools/bench-copy.sh   where the CSV and PNG go
#                                       (default: ${TMPDIR:-/tmp}/bench_copy-out)
# Every other option goes to bench_copy (tools/bench-copy.sh --help lists them).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${BENCH_OUT:-${TMPDIR:-/tmp}/bench_copy-out}"

# Relative paths are the caller's: make them absolute before leaving for the repo.
args=()
want_csv=1
want_png=1
prev=""
for a in "$@"; do
  case "$prev" in
    --csv | --png | --dir | --shm)
      [ "$a" != none ] && [ "${a#/}" = "$a" ] && a="$PWD/$a"
      ;;
  esac
  [ "$a" = --csv ] && want_csv=0
  [ "$a" = --png ] && want_png=0
  case "$a" in --help | -h | --list) want_csv=0 want_png=0 ;; esac
  args+=("$a")
  prev="$a"
done
if [ $want_csv -eq 1 ] || [ $want_png -eq 1 ]; then
  mkdir -p "$out"
  [ $want_csv -eq 1 ] && args+=(--csv "$out/bench_copy.csv")
  [ $want_png -eq 1 ] && args+=(--png "$out/bench_copy.png")
fi

cd "$repo"
exec bazel run -c opt //tools:bench_copy -- "${args[@]}"
