#!/bin/sh
# Every CLI (mmapcp, mapwatch, mapwrite, anonchat, the conformance report)
# started with its standard streams closed (<&- >&- 2>&-, as cron and daemons
# may) or with stdout on a full disk (>/dev/full): the files it works on get
# exactly their own bytes, never its output; a write it could not do is
# reported ("PROG: write error: REASON") with a failure status, as coreutils
# does; without output to write, closed streams are no error.
#   usage: cli_streams_test.sh MMAPCP MAPWATCH MAPWRITE ANONCHAT REPORT
set -u
export LC_ALL=C
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
MMAPCP=$(abspath "$1") MAPWATCH=$(abspath "$2") MAPWRITE=$(abspath "$3")
ANONCHAT=$(abspath "$4") REPORT=$(abspath "$5")
T=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/streams.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

failures=0
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  failures=$((failures + 1))
}

# check WHAT STATUS WANT_STATUS ERR_FILE WANT_ERR: status and whole stderr.
check() {
  [ "$2" -eq "$3" ] || fail "$1: exit status $2, expected $3"
  got=$(cat "$4")
  [ "$got" = "$5" ] || fail "$1: stderr '$got', expected '$5'"
}

bad_fd="write error: Bad file descriptor"
full="write error: No space left on device"

# --- mmapcp: the reported corruption, then every source kind -------------------
printf hello >five
: >empty
for src in five /proc/version empty; do
  if [ "$src" = /proc/version ]; then cat /proc/version >want; else cp "$src" want; fi
  for v in -v -vv; do
    rm -f copy
    # The source would be fd 0 and the copy fd 1: -vv's first line, printed
    # during the copy, would land in it.
    status=0
    "$MMAPCP" $v "$src" copy <&- >&- 2>err || status=$?
    check "mmapcp $v $src copy <&- >&-" $status 1 err "mmapcp: $bad_fd"
    cmp -s want copy || fail "mmapcp $v $src with closed streams: copy is $(wc -c <copy) bytes, not $(wc -c <want)"
  done
done
status=0
"$MMAPCP" -v five copy2 >/dev/full 2>err || status=$?
check "mmapcp -v >/dev/full" $status 1 err "mmapcp: $full"
cmp -s five copy2 || fail "mmapcp -v >/dev/full: wrong copy"
status=0
"$MMAPCP" -v five copy3 <&- >&- 2>&- || status=$?
[ $status -eq 1 ] || fail "mmapcp -v <&- >&- 2>&-: exit status $status, expected 1"
cmp -s five copy3 || fail "mmapcp -v <&- >&- 2>&-: wrong copy"
status=0
"$MMAPCP" five copy4 <&- >&- 2>&- || status=$?
[ $status -eq 0 ] || fail "mmapcp with closed streams and nothing to print: exit status $status"
cmp -s five copy4 || fail "mmapcp <&- >&- 2>&-: wrong copy"
status=0
"$MMAPCP" nope copy5 2>/dev/full || status=$?
[ $status -eq 1 ] || fail "mmapcp nope 2>/dev/full: exit status $status"

# --- mapwatch: one snapshot of a file it maps read-only ---------------------------
printf 'watched\n' >watched
for how in full closed; do
  status=0
  if [ $how = full ]; then
    "$MAPWATCH" --count 1 watched >/dev/full 2>err || status=$?
    check "mapwatch >/dev/full" $status 1 err "mapwatch: $full"
  else
    "$MAPWATCH" --count 1 watched <&- >&- 2>err || status=$?
    check "mapwatch <&- >&-" $status 1 err "mapwatch: $bad_fd"
  fi
done
[ "$(cat watched)" = watched ] || fail "mapwatch changed the file it watches"

# --- mapwrite: writes through a shared mapping, then prints the file --------------
# With only stdout closed, the file it opens would be fd 1, and what it prints
# would be written into it.
for how in full closed silent; do
  printf 'hello world\n' >target
  status=0
  case $how in
    full) "$MAPWRITE" --shared --offset 6 target WORLD >/dev/full 2>err || status=$? ;;
    closed) "$MAPWRITE" --shared --offset 6 target WORLD >&- 2>err || status=$? ;;
    silent) "$MAPWRITE" --shared --offset 6 target WORLD <&- >&- 2>&- || status=$? ;;
  esac
  case $how in
    full) check "mapwrite >/dev/full" $status 1 err "mapwrite: $full" ;;
    closed) check "mapwrite >&-" $status 1 err "mapwrite: $bad_fd" ;;
    silent) [ $status -eq 1 ] || fail "mapwrite <&- >&- 2>&-: exit status $status" ;;
  esac
  [ "$(cat target)" = "hello WORLD" ] && [ "$(wc -c <target)" -eq 12 ] ||
    fail "mapwrite with stdout $how: the file is now '$(cat target)'"
done

# --- anonchat: parent and child both print ------------------------------------------
status=0
"$ANONCHAT" >/dev/full 2>err || status=$?
[ $status -eq 1 ] || fail "anonchat >/dev/full: exit status $status, expected 1"
grep -q "^anonchat: $full\$" err || fail "anonchat >/dev/full: stderr '$(cat err)'"
status=0
"$ANONCHAT" <&- >&- 2>err || status=$?
[ $status -eq 1 ] || fail "anonchat <&- >&-: exit status $status, expected 1"
grep -q "^anonchat: $bad_fd\$" err || fail "anonchat <&- >&-: stderr '$(cat err)'"

# --- the report: status 2 (its environment errors); its JSON file stays JSON -------
# The report flushes stdout itself, which loses the reason: coreutils then says
# just "write error" too.
report_check() { # WHAT STATUS
  [ "$2" -eq 2 ] || fail "$1: exit status $2, expected 2"
  case $(cat err) in "report: write error"*) ;; *) fail "$1: stderr '$(cat err)'" ;; esac
}
status=0
"$REPORT" --list >/dev/full 2>err || status=$?
report_check "report --list >/dev/full" $status
status=0
"$REPORT" --list <&- >&- 2>&- || status=$?
[ $status -eq 2 ] || fail "report --list <&- >&- 2>&-: exit status $status, expected 2"
status=0
"$REPORT" --only 'MMAP.ARGS.LENGTH_ZERO_EINVAL@anon' --dir "$T" --json report.json <&- >&- 2>err ||
  status=$?
report_check "report --json with closed streams" $status
head -c 1 report.json | grep -q '{' || fail "report.json does not start as JSON: $(head -c 60 report.json)"
grep -q 'conformance report' report.json && fail "report.json holds the report's text output"

if [ "$failures" -eq 0 ]; then
  echo PASS
  exit 0
fi
echo "$failures check(s) failed"
exit 1
