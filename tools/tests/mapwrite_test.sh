#!/bin/bash
# mapwrite --shared changes the file; --private only changes its own mapping
# (which it prints) and leaves the file byte-identical; anything that does not
# fit, or bad usage, exits 1 and leaves the file untouched.
# Usage: mapwrite_test.sh MAPWRITE
set -euo pipefail
mapwrite=$PWD/$1  # absolute: the test cds into its scratch directory
work=$(mktemp -d "$TEST_TMPDIR/mapwrite.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$work"

printf 'hello world, this is the file' >original
cp original f

# --private: the mapping changes, the file does not.
"$mapwrite" --private f HELLO >out || fail "--private exited $?"
echo 'HELLO world, this is the file' >want
diff -u want out || fail "--private printed the wrong mapping content"
cmp original f || fail "--private changed the file"

# --shared at an offset: the file changes.
"$mapwrite" --shared --offset 13 f 'THIS IS' >out || fail "--shared exited $?"
printf 'hello world, THIS IS the file' >want_file
echo 'hello world, THIS IS the file' >want
diff -u want out || fail "--shared printed the wrong mapping content"
cmp want_file f || fail "--shared did not change the file as asked"

# The last byte is writable, one past it is not; nothing is written on error.
"$mapwrite" --shared --offset 28 f E >/dev/null || fail "writing the last byte exited $?"
printf 'hello world, THIS IS the filE' >want_file
cmp want_file f || fail "last byte not written"
expect_error() {  # expect_error MESSAGE ARGS...: exit 1, MESSAGE on stderr, f untouched
  local message=$1 status=0
  shift
  "$mapwrite" "$@" >out 2>err || status=$?
  [ "$status" = 1 ] || fail "'$*' exited $status, want 1"
  grep -q -- "$message" err || fail "'$*': no '$message' in: $(cat err)"
  [ ! -s out ] || fail "'$*' printed to stdout"
  cmp want_file f || fail "'$*' changed the file"
}
expect_error "do not fit" --shared --offset 28 f EE
expect_error "do not fit" --private --offset 30 f E
expect_error "do not fit" --shared --offset 18446744073709551615 f E
expect_error "No such file" --shared missing E
expect_error "Is a directory" --shared . E
mkfifo fifo
expect_error "not a regular file" --private fifo E
expect_error "needs --shared or --private" f E
expect_error "exclude each other" --shared --private f E
expect_error "needs a byte count" --shared --offset -1 f E
expect_error "needs a byte count" --shared --offset 1x f E
expect_error "needs FILE and TEXT" --shared f
expect_error "unknown option" --bogus f E

"$mapwrite" --help >out || fail "--help exited $?"
grep -q '^Usage: mapwrite' out || fail "--help printed no usage"
echo PASS
