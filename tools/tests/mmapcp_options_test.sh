#!/bin/sh
# mmapcp like the cp users know: several sources into a directory (cp's
# messages for a target that is not one, a missing source, a source named
# twice, two sources of one name), -p (mode, owner, times to the
# nanosecond), -j N (the same bytes with any N; bad values refused with
# getopt's words), --progress (a bar on a terminal only: `script` gives a
# pseudo-terminal; none in a pipe, none without the option, none for a copy
# shorter than the delay).
. tools/tests/mmapcp_testlib.sh

umask 022
mkdir "$T/w" && cd "$T/w" || exit 1
"$TESTFILE" pattern a 20000 1
"$TESTFILE" pattern b 70000 2
"$TESTFILE" pattern c 5242881 3
mkdir d e
touch f

# --- several sources into a directory ---------------------------------------
expect_run 0 "" "$MMAPCP" -v a b c d
expect_same a d/a
expect_same b d/b
expect_same c d/c
[ "$(cat "$T/out")" = "'a' -> 'd/a'
'b' -> 'd/b'
'c' -> 'd/c'" ] || fail "-v with several sources printed: $(cat "$T/out")"
expect_run 0 "" "$MMAPCP" a "$PWD/b" e/
expect_same a e/a
expect_same b e/b
expect_entries e a b

# The last operand must be a directory: nothing is copied otherwise.
expect_run 1 "mmapcp: target 'f': Not a directory" "$MMAPCP" a b f
expect_run 1 "mmapcp: target 'nodir': No such file or directory" "$MMAPCP" a b nodir
expect_run 1 "mmapcp: target 'nodir/': No such file or directory" "$MMAPCP" a b nodir/
expect_run 1 "mmapcp: target 'f/': Not a directory" "$MMAPCP" a b f/
expect_run 1 "mmapcp: target '': No such file or directory" "$MMAPCP" a b ""
[ ! -s f ] || fail "f was written"

# One bad source: its error, the others copied, status 1.
rm -r d && mkdir d
expect_run 1 "mmapcp: cannot stat 'nope': No such file or directory" "$MMAPCP" a nope b d
expect_entries d a b
# A source named twice is copied once (a warning, status 0); a second file
# of the same name does not overwrite the first one's copy (status 1).
rm -r d && mkdir d x y
"$TESTFILE" pattern x/q 3000 4
"$TESTFILE" pattern y/q 3000 5
expect_run 0 "mmapcp: warning: source file './a' specified more than once" "$MMAPCP" a ./a d
expect_run 1 "mmapcp: will not overwrite just-created 'd/q' with 'y/q'" "$MMAPCP" x/q y/q d
expect_same x/q d/q
expect_entries d a q

# --- -p --------------------------------------------------------------------
"$TESTFILE" pattern p 10000 6
chmod 4751 p
# Another owner where this user namespace has one (not in Bazel's sandbox).
owner=0:0
chown 65534:65534 p 2>/dev/null && owner=65534:65534
# Times read back before anything reads the copy (relatime would move its atime).
touch -a -d '2001-09-09 01:46:40.123456789 UTC' p
touch -m -d '2004-11-09 11:33:20.987654321 UTC' p
expect_run 0 "" "$MMAPCP" -p p p.copy
got=$(stat -c '%a %u:%g %x %y' p.copy)
[ "$got" = "4751 $owner 2001-09-09 01:46:40.123456789 +0000 2004-11-09 11:33:20.987654321 +0000" ] ||
  fail "-p gave $got"
expect_same p p.copy
touch -a -d '2001-09-09 01:46:40.123456789 UTC' p
expect_run 0 "" "$MMAPCP" -p p e
got=$(stat -c '%a %u:%g %x %y' e/p)
[ "$got" = "4751 $owner 2001-09-09 01:46:40.123456789 +0000 2004-11-09 11:33:20.987654321 +0000" ] ||
  fail "-p into a directory gave $got"
# Without -p: the umask, the caller's owner, new times.
expect_run 0 "" "$MMAPCP" p p.plain
[ "$(stat -c '%a %u' p.plain)" = "751 0" ] || fail "without -p: $(stat -c '%a %u' p.plain)"

# --- -j ----------------------------------------------------------------------
"$TESTFILE" sparse s 9000000 0 1048573 4194304 8999999
for j in "-j 1" "-j 2" "-j 8" "--jobs=3" "-j64"; do
  # shellcheck disable=SC2086
  expect_run 0 "" "$MMAPCP" $j c "c$j"
  expect_same c "c$j"
  # shellcheck disable=SC2086
  expect_run 0 "" "$MMAPCP" $j s "s$j"
  "$TESTFILE" same s "s$j" || fail "$j: sparse copy differs"
done
try="Try 'mmapcp --help' for more information."
for bad in 0 65 -1 x 2x ""; do
  expect_run 1 "mmapcp: invalid number of threads: '$bad'
$try" "$MMAPCP" -j "$bad" a a.j
done
expect_run 1 "mmapcp: option requires an argument -- 'j'
$try" "$MMAPCP" a a.j -j
expect_run 1 "mmapcp: option '--jobs' requires an argument
$try" "$MMAPCP" a a.j --jobs
[ ! -e a.j ] || fail "a refused -j copied anyway"

# --- --progress ----------------------------------------------------------------
# Not a terminal: nothing on stderr, even when asked for at once.
expect_run 0 "" env MMAPCP_PROGRESS_DELAY=0 "$MMAPCP" --progress c c.bar
expect_same c c.bar
# On a terminal (script's pseudo-terminal), with no delay: the bar, the name,
# 100% at the end, and the line erased after it.
on_tty() { # COMMAND: runs it on a pseudo-terminal, its output in $T/tty
  script -qec "$1" /dev/null >"$T/tty" 2>&1 </dev/null
}
if on_tty true; then
  rm c.bar
  on_tty "MMAPCP_PROGRESS_DELAY=0 '$MMAPCP' --progress c c.bar"
  expect_same c c.bar
  tr '\r' '\n' <"$T/tty" | grep -q "^'c' 100% \[##########\] 5.0 MiB / 5.0 MiB .*ETA 0:00" ||
    fail "--progress on a terminal drew: $(tr '\r' '\n' <"$T/tty" | cat -v)"
  [ "$(tail -c 4 "$T/tty" | od -An -c | tr -d ' ')" = '\r033[K' ] ||
    fail "--progress did not erase its line at the end: $(tail -c 8 "$T/tty" | od -An -c)"
  # Without --progress, or before the delay (a 5 MiB copy takes far less
  # than a minute): no bar.
  rm c.bar
  on_tty "MMAPCP_PROGRESS_DELAY=0 '$MMAPCP' c c.bar"
  [ ! -s "$T/tty" ] || fail "a bar without --progress: $(cat -v "$T/tty")"
  rm c.bar
  on_tty "MMAPCP_PROGRESS_DELAY=60 '$MMAPCP' --progress c c.bar"
  [ ! -s "$T/tty" ] || fail "a bar before the delay: $(cat -v "$T/tty")"
else
  echo "SKIP --progress on a terminal: script cannot allocate a pseudo-terminal here"
fi

# --- --help ---------------------------------------------------------------------
expect_run 0 "" "$MMAPCP" --help
for promise in "SRC... DIRECTORY" "--jobs=N" "-p " "--progress" "MMAPCP_PROGRESS_DELAY" \
  "if any failed"; do
  grep -q -- "$promise" "$T/out" || fail "--help does not mention '$promise'"
done
finish
