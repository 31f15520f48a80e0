#!/bin/sh
# mmapcp copies byte for byte: 0 B, 1 B, page +- 1, 5 MiB, a 5 GiB sparse file
# (holes kept), into an existing directory, over a longer file, from procfs,
# in place; -v says 'SRC' -> 'DST' like cp, -vv adds what is copied and the
# throughput; --help states the guarantees, --version the version.
. tools/tests/mmapcp_testlib.sh

umask 022
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

# An existing directory receives DIR/basename(SRC), with or without slashes.
mkdir "$T/dir" "$T/dir/into"
"$TESTFILE" pattern "$T/dir/a" 10000
expect_run 0 "" "$MMAPCP" "$T/dir/a" "$T/dir/into"
expect_same "$T/dir/a" "$T/dir/into/a"
rm "$T/dir/into/a"
expect_run 0 "" "$MMAPCP" -v "$T/dir/a" "$T/dir/into//"
expect_same "$T/dir/a" "$T/dir/into/a"
[ "$(cat "$T/out")" = "'$T/dir/a' -> '$T/dir/into/a'" ] || fail "into DIR//: -v said $(cat "$T/out")"
expect_entries "$T/dir/into" a

# --in-place: the same bytes through the existing file, which keeps its inode.
"$TESTFILE" pattern "$T/inplace" 200000 9
inode=$(stat -c %i "$T/inplace")
expect_run 0 "" "$MMAPCP" --in-place "$T/dir/a" "$T/inplace"
expect_same "$T/dir/a" "$T/inplace"
[ "$(stat -c %i "$T/inplace")" = "$inode" ] || fail "--in-place replaced the file"

# A longer destination becomes exactly the source.
"$TESTFILE" pattern "$T/long" 100000 7
expect_run 0 "" "$MMAPCP" "$T/dir/a" "$T/long"
expect_same "$T/dir/a" "$T/long"

# procfs reports size 0 for files with content: the copy equals what cat gives.
expect_run 0 "" "$MMAPCP" /proc/version "$T/version"
cat /proc/version >"$T/version.cat"
expect_same "$T/version" "$T/version.cat"
[ -s "$T/version" ] || fail "/proc/version copied empty"

# --sync, and -v: cp's one line, after the copy.
expect_run 0 "" "$MMAPCP" -v --sync "$T/4097/src" "$T/v"
expect_same "$T/4097/src" "$T/v"
[ "$(cat "$T/out")" = "'$T/4097/src' -> '$T/v'" ] || fail "-v printed: $(cat "$T/out")"

# -vv: what is copied (before the first window), cp's line, bytes and throughput.
expect_run 0 "" "$MMAPCP" -vv "$T/4097/src" "$T/vv"
line1=$(sed -n 1p "$T/out")
line2=$(sed -n 2p "$T/out")
line3=$(sed -n 3p "$T/out")
[ "$line1" = "mmapcp: copying '$T/4097/src' to '$T/vv' (4097 bytes)" ] || fail "-vv first line: $line1"
[ "$line2" = "'$T/4097/src' -> '$T/vv'" ] || fail "-vv second line: $line2"
echo "$line3" | grep -Eq "^mmapcp: 4097 bytes in [0-9]+\.[0-9]{3} s \([0-9]+\.[0-9] MiB/s\)$" ||
  fail "-vv last line: $line3"
[ "$(wc -l <"$T/out")" -eq 3 ] || fail "-vv printed $(wc -l <"$T/out") lines"

expect_run 0 "" "$MMAPCP" --help
for promise in "atomically" "never modified" "permission bits minus the umask" "default" \
  "keeps its own mode, owner, group, ACLs" "hard links" "--in-place" "NOT atomic" "Holes" \
  "same file" "SIGBUS" "read/write" "130, 143" "write error" "Exit status"; do
  grep -q -- "$promise" "$T/out" || fail "--help does not mention '$promise'"
done
expect_run 0 "" "$MMAPCP" --version
grep -Eq '^mmapcp \(mmapkit\) [0-9]' "$T/out" || fail "--version printed: $(cat "$T/out")"

finish
