# shellcheck shell=bash
# tools/tests/expect_exit.sh - the bad-input tests' one check, sourced:
#   expect STATUS TEXT CMD...   CMD exits STATUS and its stderr contains TEXT
# Needs $T (a scratch directory); counts failures in $failures; finish with
# expect_done (exit 1 if any check failed).
failures=0

expect() {
	local want=$1 text=$2 rc=0
	shift 2
	"$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
	if [ $rc -ne "$want" ]; then
		echo "FAIL: $*: expected exit $want, got $rc"
		sed 's/^/    /' "$T/err"
		failures=$((failures + 1))
	elif ! grep -qF -- "$text" "$T/err"; then
		echo "FAIL: $*: expected the message to contain '$text', got:"
		sed 's/^/    /' "$T/err"
		failures=$((failures + 1))
	else
		echo "ok   $* -> $rc: $(grep -F -- "$text" "$T/err" | head -1)"
	fi
}

expect_done() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	echo "all checks passed"
}
