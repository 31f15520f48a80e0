#!/usr/bin/env bash
# tools/fuzz-bench.sh - exec/s of each fuzz harness after a fixed run (default 30 s) from its
# seed corpus alone, one harness at a time. A measurement, not a test: compare numbers
# taken on the same, otherwise idle machine.
#
#   tools/fuzz-bench.sh [--time SEC] [NAME...]
#
# Runs tools/fuzz.sh in a throw-away corpus root (nothing is merged anywhere) and prints
# one line per harness: name, exec/s, executions, coverage, result.
set -euo pipefail

budget=30
if [ "${1:-}" = --time ]; then
  budget=${2:?--time needs seconds}
  shift 2
fi
root=$(mktemp -d "${TMPDIR:-/tmp}/mmapkit-fuzz-bench.XXXXXX")
trap 'rm -rf "$root"' EXIT

status=0
"$(dirname "$0")/fuzz.sh" --time "$budget" --corpus-root "$root" --no-merge "$@" >"$root/fuzz.out" 2>&1 || status=$?
if [ $status -eq 2 ] || [ ! -s "$root/summary.tsv" ]; then
  cat "$root/fuzz.out" >&2
  echo "fuzz-bench: tools/fuzz.sh failed" >&2
  exit 2
fi
echo "fuzz-bench: ${budget}s per harness on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# A crash ends a run early: its exec/s then covers less than the budget.
awk -F'\t' 'NR == 1 { printf "%-12s %10s %12s %6s  %s\n", "harness", "exec/s", "executions", "cov", "result"; next }
            { printf "%-12s %10s %12s %6s  %s%s\n", $1, $4, $3, $5, $8, ($8 == "ok" ? "" : " after " $2 "s") }' "$root/summary.tsv"
