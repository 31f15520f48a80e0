#!/bin/bash
# tools/qemu-user-run.sh refuses bad input with exit 2 and a message naming the
# problem, before it starts QEMU: unknown or missing arch, a missing, non-ELF,
# dynamic or foreign-machine report binary, a bad page size, an unknown option.
# Usage: qemu_user_run_errors_test.sh QEMU_USER_RUN STATIC_X86_64_BINARY DYNAMIC_BINARY
set -euo pipefail
run=$1 static=$2 dynamic=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_error MESSAGE_PART ARGS...: exit 2, MESSAGE_PART on stderr, nothing on stdout.
expect_error() {
  local want=$1 status=0
  shift
  "$run" "$@" >"$TEST_TMPDIR/out" 2>"$TEST_TMPDIR/err" || status=$?
  [ "$status" -eq 2 ] || fail "qemu-user-run.sh $* exited $status, expected 2"
  grep -qF -- "$want" "$TEST_TMPDIR/err" ||
    fail "qemu-user-run.sh $*: stderr does not say '$want': $(cat "$TEST_TMPDIR/err")"
  [ ! -s "$TEST_TMPDIR/out" ] || fail "qemu-user-run.sh $* wrote to stdout: $(cat "$TEST_TMPDIR/out")"
}

expect_error "--arch is required" --report "$static"
expect_error "unknown arch 'mips'" --arch mips --report "$static"
expect_error "--report is required" --arch aarch64
expect_error "'/nonexistent' does not exist" --arch aarch64 --report /nonexistent
echo "not an executable" >"$TEST_TMPDIR/text"
expect_error "is not an ELF file" --arch aarch64 --report "$TEST_TMPDIR/text"
expect_error "is not a aarch64 executable (readelf says: Advanced Micro Devices X86-64): build it with --config=aarch64" \
  --arch aarch64 --report "$static"
expect_error "is not a armhf executable" --arch armhf --report "$static"
expect_error "is dynamically linked" --arch x86_64 --report "$dynamic"
expect_error "--page-size '3000'" --arch x86_64 --report "$static" --page-size 3000
expect_error "unknown option '--bogus'" --arch x86_64 --report "$static" --bogus
echo "PASS"
