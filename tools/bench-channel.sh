#!/usr/bin/env bash
# tools/bench-channel.sh - one command for the channel benchmark: builds
# //tools/bench_channel with -c opt and runs it from here (relative --csv and
# --png paths are yours), writing the CSV and the PNG chart next to each
# other unless --csv/--png are given.
#
#   tools/bench-channel.sh                 full run (a few minutes): table, CSV, PNG
#   tools/bench-channel.sh --quick         smoke run (seconds)
#   BENCH_OUT=dir tools/bench-channel.sh   where the CSV and PNG go
#                                          (default: ${TMPDIR:-/tmp}/bench_channel-out)
# Every other option goes to bench_channel (tools/bench-channel.sh --help lists them).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${BENCH_OUT:-${TMPDIR:-/tmp}/bench_channel-out}"

extra=()
case " $* " in *" --help "* | *" -h "*) ;; *)
  mkdir -p "$out"
  case " $* " in *" --csv "*) ;; *) extra+=(--csv "$out/bench_channel.csv") ;; esac
  case " $* " in *" --png "*) ;; *) extra+=(--png "$out/bench_channel.png") ;; esac
  ;;
esac

(cd "$repo" && bazel build -c opt //tools/bench_channel)
exec "$repo/bazel-bin/tools/bench_channel/bench_channel" "$@" "${extra[@]}"
