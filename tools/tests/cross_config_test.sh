#!/bin/bash
# Every architecture of third_party/cross/arches.bzl has its --config in .bazelrc
# (own toolchain repository and output directory), its cross compiler package in
# tools/bootstrap.sh and its case in tools/qemu-user-run.sh: the four lists agree.
# Usage: cross_config_test.sh ARCHES_BZL BAZELRC BOOTSTRAP QEMU_USER_RUN
set -euo pipefail
arches_bzl=$1 bazelrc=$2 bootstrap=$3 qemu_user_run=$4
fail() { echo "FAIL: $*" >&2; exit 1; }

arches=$(sed -n 's/^    "\([a-z0-9_]*\)": struct($/\1/p' "$arches_bzl")
[ "$(wc -w <<<"$arches")" -eq 6 ] || fail "expected 6 architectures in $arches_bzl, found: $arches"
for arch in $arches; do
  package=$(sed -n "/^    \"$arch\": struct(/,/^    ),/s/^ *package = \"\(.*\)\",/\1/p" "$arches_bzl")
  [ -n "$package" ] || fail "$arch: no package in $arches_bzl"
  grep -qE "^build:$arch --crosstool_top=@local_config_cross_$arch//:toolchain --platform_suffix=-$arch\$" "$bazelrc" ||
    fail "$arch: .bazelrc has no 'build:$arch --crosstool_top=@local_config_cross_$arch//:toolchain --platform_suffix=-$arch'"
  package_re=${package//+/\\+}  # g++-...: '+' is special in a regex
  grep -qE "(^|[[:space:]])$package_re([[:space:]]|\$)" "$bootstrap" || fail "$arch: tools/bootstrap.sh does not install $package"
  grep -qE "^$arch\) QEMU=" "$qemu_user_run" || fail "$arch: tools/qemu-user-run.sh does not know it"
done
grep -qE "^[[:space:]]*qemu-user[[:space:]]" "$bootstrap" || fail "tools/bootstrap.sh does not install qemu-user"
echo "PASS: $(echo $arches)"
