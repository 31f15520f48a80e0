#!/bin/bash
# mapwatch follows its path: it maps the file again when the file grows, and
# when another file is renamed over it (as editors save). FIFO-synchronised.
# Usage: mapwatch_follow_test.sh MAPWATCH
set -euo pipefail
mapwatch=$PWD/$1  # absolute: the test cds into its scratch directory
work=$(mktemp -d "$TEST_TMPDIR/mapwatch.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

# watch UNTIL FIRST CHANGE...: start mapwatch on f, check its first snapshot,
# run each CHANGE command, then check it exits 0 with UNTIL in its last line.
watch() {
  local until=$1 first=$2 line status=0
  shift 2
  rm -f snapshots
  mkfifo snapshots
  "$mapwatch" --until "$until" --interval 1 --timeout 30 f >snapshots &
  pid=$!
  exec 3<snapshots
  IFS= read -r line <&3 || fail "mapwatch printed nothing"
  [ "$line" = "$first" ] || fail "first snapshot: '$line', want '$first'"
  for change in "$@"; do eval "$change"; done
  cat <&3 >rest
  exec 3<&-
  wait "$pid" || status=$?
  pid=
  [ "$status" = 0 ] || fail "mapwatch exited $status: $(cat rest)"
  grep -q -- "$until" <(tail -n 1 rest) || fail "last snapshot lacks '$until': $(cat rest)"
}

printf 'short' >f
watch 'grown' 'short' "printf ' and grown' >>f"
[ "$(tail -n 1 rest)" = 'short and grown' ] || fail "grown: $(cat rest)"

: >f
watch 'filled' '' "printf 'filled' >>f"
[ "$(tail -n 1 rest)" = 'filled' ] || fail "empty then filled: $(cat rest)"

printf 'old file' >f
watch 'new file' 'old file' "printf 'new file' >f.tmp" "mv f.tmp f"
[ "$(tail -n 1 rest)" = 'new file' ] || fail "replaced: $(cat rest)"
echo PASS
