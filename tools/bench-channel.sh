#!/usr/bin/env bash
# tools/bench-channel.sh - one command for the channel benchmark: builds
# //tools/bench_channel with -c opt and runs it, writing the CSV and the PNG
# chart next to each other unless --csv/--png are given.
#
#   tools/bench-channel.sh                 full run (a few minutes): table, CSV, PNG
#   tools/bench-channel.sh --quick         smoke run (seconds)
#   BENCH_OUT=dir tools/bench-channel.sh   where the CSV and PNG go
#                                          (default: ${TMPDIR:-/tmp}/bench_channel-out)
# Every other option goes to bench_channel (tools/bench-channel.sh --help lists them).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${BENCH_OUT:-${TMPDIR:-/tmp}/bench_channel-out}"

# Relative paths are the caller's: make them absolute before leaving for the repo.
args=()
want_csv=1
want_png=1
prev=""
for a in "$@"; do
  case "$prev" in
    --csv | --png) [ "${a#/}" = "$a" ] && a="$PWD/$a" ;;
  esac
  [ "$a" = --csv ] && want_csv=0
  [ "$a" = --png ] && want_png=0
  case "$a" in --help | -h) want_csv=0 want_png=0 ;; esac
  args+=("$a")
  prev="$a"
done
if [ $want_csv -eq 1 ] || [ $want_png -eq 1 ]; then
  mkdir -p "$out"
  [ $want_csv -eq 1 ] && args+=(--csv "$out/bench_channel.csv")
  [ $want_png -eq 1 ] && args+=(--png "$out/bench_channel.png")
fi

cd "$repo"
exec bazel run -c opt //tools/bench_channel -- "${args[@]}"
