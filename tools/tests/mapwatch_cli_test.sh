#!/bin/bash
# mapwatch's exit conditions and errors: --count, --until already met,
# --timeout (exit 2), an empty file, bad files and bad options (exit 1).
# Usage: mapwatch_cli_test.sh MAPWATCH
set -euo pipefail
mapwatch=$PWD/$1  # absolute: the test cds into its scratch directory
work=$(mktemp -d "$TEST_TMPDIR/mapwatch.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

printf 'line one\nline two\n' >f
"$mapwatch" --count 1 f >out || fail "--count 1 exited $?"
cmp f out || fail "--count 1 printed something else than the file"

"$mapwatch" --until 'two' --timeout 30 f >out || fail "--until already met exited $?"
cmp f out || fail "--until already met: $(cat out)"

status=0
"$mapwatch" --timeout 0 f >out 2>err || status=$?
[ "$status" = 2 ] || fail "--timeout 0 exited $status, want 2"
cmp f out || fail "--timeout 0 did not print the content first"
grep -q 'gave up' err || fail "--timeout 0 said: $(cat err)"

: >empty
"$mapwatch" --count 1 empty >out || fail "empty file exited $?"
printf '\n' >want
cmp want out || fail "an empty file is an empty line: $(od -c out)"

printf 'no newline' >bare
"$mapwatch" --count 1 bare >out || fail "bare exited $?"
echo 'no newline' >want
cmp want out || fail "a newline is added to a snapshot that lacks one"

expect_error() {  # expect_error MESSAGE ARGS...: exit 1, MESSAGE on stderr
  local message=$1 status=0
  shift
  "$mapwatch" "$@" >out 2>err || status=$?
  [ "$status" = 1 ] || fail "'$*' exited $status, want 1"
  grep -q -- "$message" err || fail "'$*': no '$message' in: $(cat err)"
  [ ! -s out ] || fail "'$*' printed to stdout"
}
expect_error "No such file" --count 1 missing
expect_error "Is a directory" --count 1 .
mkfifo fifo
expect_error "not a regular file" --count 1 fifo
expect_error "needs exactly one FILE" --count 1
expect_error "needs exactly one FILE" --count 1 f f
expect_error "--count needs" --count 0 f
expect_error "--count needs" --count x f
expect_error "--timeout needs" --timeout -1 f
expect_error "--timeout needs" --timeout nan f
expect_error "--interval needs" --interval 0 f
expect_error "unknown option" --bogus f
expect_error "unknown option" f --until

"$mapwatch" --help >out || fail "--help exited $?"
grep -q '^Usage: mapwatch' out || fail "--help printed no usage"
echo PASS
