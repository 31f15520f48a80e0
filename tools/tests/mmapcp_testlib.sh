# tools/tests/mmapcp_testlib.sh - sourced by the mmapcp shell tests: their
# arguments, a scratch directory under $TEST_TMPDIR (removed on exit), and
# checks that say what was expected and what came, then go on.
#   usage of a test: <test>.sh MMAPCP TESTFILE
set -u
export LC_ALL=C

abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
MMAPCP=$(abspath "${1:?usage: $0 MMAPCP TESTFILE}")
TESTFILE=$(abspath "${2:?usage: $0 MMAPCP TESTFILE}")
T=$(mktemp -d "${TEST_TMPDIR:-${TMPDIR:-/tmp}}/mmapcp.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

failures=0
fail() {
  printf 'FAIL: %s\n' "$*" >&2
  failures=$((failures + 1))
}

# run CMD...: stdout to $T/out, stderr to $T/err, exit status to $status.
run() {
  status=0
  "$@" >"$T/out" 2>"$T/err" || status=$?
}

# expect_run STATUS STDERR CMD...: run CMD, check its status and whole stderr.
expect_run() {
  want_status=$1 want_err=$2
  shift 2
  run "$@"
  [ "$status" -eq "$want_status" ] || fail "$*: exit status $status, expected $want_status"
  got_err=$(cat "$T/err")
  [ "$got_err" = "$want_err" ] || fail "$*: stderr was
  '$got_err'
expected
  '$want_err'"
}

expect_same() {
  cmp -s "$1" "$2" || fail "$1 and $2 differ"
}

# expect_entries DIR NAME...: DIR holds exactly these names (hidden ones too).
expect_entries() {
  dir=$1
  shift
  got=$(ls -A "$dir" | tr '\n' ' ')
  want=""
  for name in "$@"; do want="$want$name "; done
  [ "$got" = "$want" ] || fail "$dir holds '$got', expected '$want'"
}

finish() {
  if [ "$failures" -eq 0 ]; then
    echo "PASS"
    exit 0
  fi
  echo "$failures check(s) failed"
  exit 1
}
