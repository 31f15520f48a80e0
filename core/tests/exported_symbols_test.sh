#!/usr/bin/env bash
# exported_symbols_test.sh PUBLIC_FUNCTIONS HEADER... -- LIBRARY_FILE...
#
# What //core:mmapkit makes visible is exactly what core/include/mmapkit/
# declares. The list of declared functions comes from dist/public_functions.sh,
# the same script that writes libmmapkit.so's version script. Checked here on
# the library's own outputs, which no version script filters (so the check is
# on -fvisibility=hidden and MK_EXTERN themselves):
#   - a shared library (.so): every defined dynamic symbol is declared, and
#     every declared function is defined;
#   - a static archive (.a): every global symbol with default visibility is
#     declared, every other global one is hidden and named mk__ (internal).
# The installed, versioned libmmapkit.so is checked by //dist:install_test.
set -euo pipefail

public_functions=$1
shift
headers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do headers+=("$1"); shift; done
[ "${1:-}" = "--" ] || { echo "usage: $0 PUBLIC_FUNCTIONS HEADER... -- LIBRARY_FILE..." >&2; exit 2; }
shift

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

declared=$("$public_functions" "${headers[@]}")
[ -n "$declared" ] || { echo "FAIL: no function declared in ${headers[*]}" >&2; exit 1; }

# Symbols every linked object has, or a sanitizer's instrumentation adds.
not_ours='^(_init|_fini|_edata|_end|__bss_start|__odr_asan_gen_.*|__asan_.*|__sancov_.*|__ubsan_.*)$'

checked=0
for lib in "$@"; do
  [ -r "$lib" ] || { fail "$lib: no such file"; continue; }
  case "$lib" in
  *.so)
    # nm -D: the dynamic symbol table, i.e. what another object can link to.
    exported=$(nm -D --defined-only --extern-only "$lib" | awk '{print $3}' |
      sed 's/@.*//' | grep -Ev "$not_ours" | LC_ALL=C sort -u || true)
    extra=$(LC_ALL=C comm -13 <(echo "$declared") <(echo "$exported"))
    missing=$(LC_ALL=C comm -23 <(echo "$declared") <(echo "$exported"))
    [ -z "$extra" ] || fail "$lib exports symbols that core/include/mmapkit/ does not declare (an internal function without the hidden visibility, or a public one missing from the headers):
$extra"
    [ -z "$missing" ] || fail "$lib does not export functions core/include/mmapkit/ declares (MK_EXTERN missing, or not defined):
$missing"
    checked=$((checked + 1))
    ;;
  *.a)
    # readelf -s for the visibility column (nm does not show it): NDX, BIND, VIS, NAME
    # of every defined global or weak symbol, one line each.
    symbols=$(readelf -sW "$lib" | awk '($5 == "GLOBAL" || $5 == "WEAK") && $7 != "UND" {print $6, $8}' |
      grep -Ev " ($not_ours)\$" | LC_ALL=C sort -u || true)
    visible=$(awk '$1 == "DEFAULT" {print $2}' <<<"$symbols" | LC_ALL=C sort -u)
    extra=$(LC_ALL=C comm -13 <(echo "$declared") <(echo "$visible"))
    missing=$(LC_ALL=C comm -23 <(echo "$declared") <(echo "$visible"))
    unprefixed=$(awk '$1 != "DEFAULT" && $2 !~ /^mk__/ {print $2}' <<<"$symbols")
    [ -z "$extra" ] || fail "$lib has global symbols of default visibility that core/include/mmapkit/ does not declare:
$extra"
    [ -z "$missing" ] || fail "$lib does not define, with default visibility, functions core/include/mmapkit/ declares:
$missing"
    [ -z "$unprefixed" ] || fail "$lib has hidden global symbols without the internal prefix mk__:
$unprefixed"
    checked=$((checked + 1))
    ;;
  esac
done
[ "$checked" -gt 0 ] || fail "no .so or .a among $*"
[ "$failures" -eq 0 ] || exit 1
echo "PASS: $checked libraries export exactly the $(wc -l <<<"$declared") functions core/include/mmapkit/ declares"
