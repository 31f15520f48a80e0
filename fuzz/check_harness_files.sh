#!/usr/bin/env bash
# fuzz/check_harness_files.sh - the //fuzz:harness_files_test: every harness directory has
# what the fuzzing tools need, in a form libFuzzer accepts. An empty or malformed dictionary
# only fails when someone fuzzes (libFuzzer refuses to start); this fails at `bazel test`.
#
#   check_harness_files.sh [--wraps DEFS.bzl IO_FAULTS.c] HARNESS_DIR...
#       HARNESS_DIR: fuzz/harnesses/NAME, runfiles-relative. --wraps: the IO_FAULT_WRAPS list
#       of defs.bzl names exactly the __wrap_ functions io_faults.c defines (a wrapper missing
#       from the list is never linked in: its faults would silently not happen).
set -euo pipefail

# shellcheck source=tools/libfuzzer_options.sh
. tools/libfuzzer_options.sh

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if [ "${1:-}" = --wraps ]; then
  listed=$(sed -n '/^IO_FAULT_WRAPS = \[/,/^\]/p' "$2" | grep -o '"[A-Za-z0-9_]*"' | tr -d '"' | sort)
  defined=$(grep -o '__wrap_[A-Za-z0-9_]*(' "$3" | sed 's/^__wrap_//; s/($//' | sort -u)
  if [ -z "$listed" ] || [ "$listed" != "$defined" ]; then
    fail "IO_FAULT_WRAPS in $2 ($(echo $listed)) differs from the __wrap_ functions of $3 ($(echo $defined))"
  else
    echo "checked IO_FAULT_WRAPS: $(echo "$listed" | wc -l) wrapped calls"
  fi
  shift 3
fi
[ $# -gt 0 ] || { echo "usage: $0 [--wraps DEFS.bzl IO_FAULTS.c] fuzz/harnesses/NAME..."; exit 2; }
for dir in "$@"; do
  name=$(basename "$dir")
  dict="$dir/$name.dict" options="$dir/$name.options"
  # Dictionary: comments, blank lines, and name="value" entries (libFuzzer's format); >= 1 entry.
  if [ ! -s "$dict" ]; then
    fail "$dict is missing or empty"
  else
    bad=$(grep -nvE '^[[:space:]]*(#.*)?$|^[A-Za-z0-9_]*="([^"\\]|\\.)*"[[:space:]]*$' "$dict" || true)
    [ -z "$bad" ] || fail "$dict: lines libFuzzer cannot parse: $bad"
    grep -qE '^[A-Za-z0-9_]*="' "$dict" || fail "$dict has no entries"
  fi
  # Options: an OSS-Fuzz style [libfuzzer] section with a max_len and a timeout.
  if [ ! -s "$options" ]; then
    fail "$options is missing or empty"
  else
    grep -qx '\[libfuzzer\]' "$options" || fail "$options has no [libfuzzer] section"
    flags=$(libfuzzer_options "$options")
    grep -qE '^-max_len=[0-9]+$' <<<"$flags" || fail "$options sets no max_len"
    # Without one, libFuzzer reports a hang only after 1200 s.
    grep -qE '^-timeout=[0-9]+$' <<<"$flags" || fail "$options sets no timeout"
  fi
  max_len=$(libfuzzer_options "$options" 2>/dev/null | grep -E '^-max_len=') || true
  timeout=$(libfuzzer_options "$options" 2>/dev/null | grep -E '^-timeout=') || true
  entries=$(grep -cE '^[A-Za-z0-9_]*="' "$dict" 2>/dev/null) || true
  echo "checked $name: ${entries:-0} dictionary entries, ${max_len:-no max_len}, ${timeout:-no timeout}"
done
[ $failures -eq 0 ] || { echo "$failures problem(s)"; exit 1; }
