#!/bin/bash
# The seed's processes a and b: mapwatch (a shared read-only mapping) sees a
# change made through `mapwrite --shared`, and never sees one made through
# `mapwrite --private`. Synchronised through a FIFO, without sleeps: mapwatch's
# first line proves it has mapped the file before anything is written.
# Usage: mapwatch_shared_test.sh MAPWATCH MAPWRITE
set -euo pipefail
mapwatch=$PWD/$1  # absolute: the test cds into its scratch directory
mapwrite=$PWD/$2
work=$(mktemp -d "$TEST_TMPDIR/mapwatch.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

printf 'hello world, this is the file' >f
mkfifo snapshots
# --timeout bounds the test if the change is never seen (exit 2).
"$mapwatch" --until 'THIS IS' --interval 1 --timeout 30 f >snapshots &
pid=$!
exec 3<snapshots
IFS= read -r first <&3 || fail "mapwatch printed nothing"
[ "$first" = 'hello world, this is the file' ] || fail "first snapshot: '$first'"

# Private first: if it leaked into the file, the final snapshot would show it.
"$mapwrite" --private f HELLO >private.out
"$mapwrite" --shared --offset 13 f 'THIS IS' >shared.out
cat <&3 >rest
exec 3<&-
status=0
wait "$pid" || status=$?
pid=
[ "$status" = 0 ] || fail "mapwatch exited $status: $(cat rest)"

last=$(tail -n 1 rest)
[ "$last" = 'hello world, THIS IS the file' ] || fail "last snapshot: '$last'"
! grep -q HELLO rest || fail "mapwatch saw the private write: $(cat rest)"
echo 'HELLO world, this is the file' >want
diff -u want private.out || fail "mapwrite --private did not see its own write"
printf 'hello world, THIS IS the file' >want
cmp want f || fail "file content after the shared write"
echo PASS
