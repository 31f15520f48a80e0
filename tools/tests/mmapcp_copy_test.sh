#!/bin/sh
# mmapcp copies byte for byte: 0 B, 1 B, page +- 1, 5 MiB, a 5 GiB sparse file
# (holes kept), into an existing directory, over a longer file, from procfs;
# -v reports bytes and throughput; --help states the guarantees.
. tools/tests/mmapcp_testlib.sh

for size in 0 1 4095 4096 4097 5242880; do
  mkdir "$T/$size"
  "$TESTFILE" pattern "$T/$size/src" "$size" "$size"
  chmod 640 "$T/$size/src"
  expect_run 0 "" "$MMAPCP" "$T/$size/src" "$T/$size/dst"
  expect_same "$T/$size/src" "$T/$size/dst"
  [ "$(stat -c %a "$T/$size/dst")" = 640 ] || fail "$size B: mode $(stat -c %a "$T/$size/dst")"
  expect_entries "$T/$size" dst src
done

# 5 GiB, 192 KiB of data: before, across and after 4 GiB, and at the end.
mkdir "$T/sparse"
"$TESTFILE" sparse "$T/sparse/src" 5368709120 0 4294901760 4831838211 5368643584
expect_run 0 "" "$MMAPCP" "$T/sparse/src" "$T/sparse/dst"
"$TESTFILE" same "$T/sparse/src" "$T/sparse/dst" || fail "5 GiB sparse copy differs"
allocated=$(($(stat -c '%b * %B' "$T/sparse/dst")))
[ "$allocated" -lt 4194304 ] || fail "5 GiB sparse copy allocates $allocated bytes"
expect_entries "$T/sparse" dst src

# An existing directory receives DIR/basename(SRC), with or without a slash.
mkdir "$T/dir" "$T/dir/into"
"$TESTFILE" pattern "$T/dir/a" 10000
expect_run 0 "" "$MMAPCP" "$T/dir/a" "$T/dir/into"
expect_same "$T/dir/a" "$T/dir/into/a"
rm "$T/dir/into/a"
expect_run 0 "" "$MMAPCP" "$T/dir/a" "$T/dir/into/"
expect_same "$T/dir/a" "$T/dir/into/a"
expect_entries "$T/dir/into" a

# A longer destination becomes exactly the source.
"$TESTFILE" pattern "$T/long" 100000 7
expect_run 0 "" "$MMAPCP" "$T/dir/a" "$T/long"
expect_same "$T/dir/a" "$T/long"

# procfs reports size 0 for files with content: the copy equals what cat gives.
expect_run 0 "" "$MMAPCP" /proc/version "$T/version"
cat /proc/version >"$T/version.cat"
expect_same "$T/version" "$T/version.cat"
[ -s "$T/version" ] || fail "/proc/version copied empty"

# --sync, and -v: what is copied, then bytes and throughput.
expect_run 0 "" "$MMAPCP" -v --sync "$T/4097/src" "$T/v"
expect_same "$T/4097/src" "$T/v"
line1=$(sed -n 1p "$T/out")
line2=$(sed -n 2p "$T/out")
[ "$line1" = "mmapcp: copying '$T/4097/src' to '$T/v' (4097 bytes)" ] || fail "-v first line: $line1"
echo "$line2" | grep -Eq "^mmapcp: '$T/4097/src' -> '$T/v': 4097 bytes in [0-9]+\.[0-9]{3} s \([0-9]+\.[0-9] MiB/s\)$" ||
  fail "-v last line: $line2"
[ "$(wc -l <"$T/out")" -eq 2 ] || fail "-v printed $(wc -l <"$T/out") lines"

expect_run 0 "" "$MMAPCP" --help
for promise in "atomically" "never modified" "permission bits" "Holes" "same file" \
  "SIGBUS" "read/write" "130, 143" "Exit status"; do
  grep -q "$promise" "$T/out" || fail "--help does not mention '$promise'"
done

finish
