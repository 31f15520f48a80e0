#!/bin/bash
# anonchat prints exactly the seed's two lines, in order, every time, with no
# sleeps; its usage errors exit 1 with a message on stderr.
# Usage: anonchat_test.sh ANONCHAT
set -euo pipefail
anonchat=$1
work=$(mktemp -d "$TEST_TMPDIR/anonchat.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

printf '%s\n' 'child got a message: hi, this is father' \
  'parent got a message: hi, dad, this is son' >"$work/expected"

# The order comes from the channel, not from timing: it must hold every run.
for run in $(seq 20); do
  "$anonchat" >"$work/out" 2>"$work/err" || fail "run $run exited $?: $(cat "$work/err")"
  diff -u "$work/expected" "$work/out" || fail "run $run: wrong output"
  [ ! -s "$work/err" ] || fail "run $run wrote to stderr: $(cat "$work/err")"
done

# Also through a pipe, where stdout is not line-buffered.
"$anonchat" | cat >"$work/out"
diff -u "$work/expected" "$work/out" || fail "wrong output through a pipe"

"$anonchat" --timeout 5000 >"$work/out" || fail "--timeout 5000 exited $?"
diff -u "$work/expected" "$work/out" || fail "wrong output with --timeout"

"$anonchat" --help >"$work/out" || fail "--help exited $?"
grep -q '^Usage: anonchat' "$work/out" || fail "--help printed no usage"

for args in "--timeout" "--timeout 0" "--timeout x" "--bogus" "extra"; do
  status=0
  # shellcheck disable=SC2086 # split args on purpose
  "$anonchat" $args >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = 1 ] || fail "'$args' exited $status, want 1"
  [ ! -s "$work/out" ] || fail "'$args' printed to stdout"
  grep -q "Try 'anonchat --help'" "$work/err" || fail "'$args' gave no usage hint"
done
echo PASS
