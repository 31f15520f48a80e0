#!/bin/sh
# mmapcp's errors: cp 9.1's wording (names quoted as cp quotes them), exit
# status 1, the destination untouched and no temporary file left, whatever
# the cause; the cases a rename cannot keep whole name --in-place, which then
# works. Permission cases run as root without capabilities (setpriv), so
# permission bits decide.
. tools/tests/mmapcp_testlib.sh

mkdir "$T/w" && cd "$T/w" || exit 1
"$TESTFILE" pattern a 20000 1
"$TESTFILE" pattern old 3000 2
cp old dst
mkdir d d/a
mkfifo fifo
ln a hard
ln -s a sym
ln -s nowhere dangle
ln -s loop loop

# The same file, by any name: refused before anything is opened for writing.
for same in a ./a hard sym "$PWD/a" d/../a; do
  expect_run 1 "mmapcp: 'a' and '$same' are the same file" "$MMAPCP" a "$same"
done
expect_run 1 "mmapcp: 'a' and './a' are the same file" "$MMAPCP" a .
expect_same a hard

# Operands and options, worded as cp's (glibc getopt's) are.
try="Try 'mmapcp --help' for more information."
expect_run 1 "mmapcp: missing file operand
$try" "$MMAPCP"
expect_run 1 "mmapcp: missing destination file operand after 'a'
$try" "$MMAPCP" a
# Several sources need a directory to go into (cp's words).
expect_run 1 "mmapcp: target 'c': No such file or directory" "$MMAPCP" a b c
expect_run 1 "mmapcp: unrecognized option '--frobnicate'
$try" "$MMAPCP" --frobnicate a b
expect_run 1 "mmapcp: invalid option -- 'k'
$try" "$MMAPCP" -k a b
expect_run 1 "mmapcp: option '--sync' doesn't allow an argument
$try" "$MMAPCP" --sync=yes a b

# Sources that cannot be looked at, opened or copied.
expect_run 1 "mmapcp: cannot stat 'nope': No such file or directory" "$MMAPCP" nope dst
expect_run 1 "mmapcp: cannot stat 'a/': Not a directory" "$MMAPCP" a/ dst
expect_run 1 "mmapcp: -r not specified; omitting directory 'd'" "$MMAPCP" d dst
expect_run 1 "mmapcp: -r not specified; omitting directory 'd/'" "$MMAPCP" d/ dst
expect_run 1 "mmapcp: cannot copy 'fifo': not a regular file" "$MMAPCP" fifo dst
expect_run 1 "mmapcp: cannot copy '/dev/zero': not a regular file" "$MMAPCP" /dev/zero dst

# Destinations that cannot be written.
expect_run 1 "mmapcp: cannot create regular file 'nodir/x': No such file or directory" \
  "$MMAPCP" a nodir/x
expect_run 1 "mmapcp: cannot create regular file 'nodir/': Not a directory" "$MMAPCP" a nodir/
expect_run 1 "mmapcp: cannot stat 'a/x': Not a directory" "$MMAPCP" a a/x
expect_run 1 "mmapcp: cannot overwrite directory 'd/a' with non-directory" "$MMAPCP" a d
expect_run 1 "mmapcp: cannot overwrite non-regular file 'fifo'" "$MMAPCP" a fifo
expect_run 1 "mmapcp: not writing through dangling symlink 'dangle'" "$MMAPCP" a dangle
expect_run 1 "mmapcp: cannot stat 'loop': Too many levels of symbolic links" "$MMAPCP" a loop

# Names are quoted as cp quotes them: a newline cannot split the message,
# an escape sequence does not reach the terminal, a quote is escaped.
expect_run 1 "mmapcp: cannot stat 'new'\$'\\n''line': No such file or directory" \
  "$MMAPCP" "new
line" dst
expect_run 1 "mmapcp: cannot stat ''\$'\\033''[31mred': No such file or directory" \
  "$MMAPCP" "$(printf '\033[31mred')" dst
expect_run 1 "mmapcp: cannot stat \"it's\": No such file or directory" "$MMAPCP" "it's" dst
expect_run 1 "mmapcp: cannot stat 'a'\\''\$b': No such file or directory" "$MMAPCP" "a'\$b" dst

# Past the file size limit (SIGXFSZ is ignored by mmapcp): EFBIG, old dst kept.
expect_run 1 "mmapcp: error writing 'dst': File too large" sh -c "ulimit -f 8; exec '$MMAPCP' a dst"

# What a rename cannot keep whole: refused with a hint, then --in-place.
hint="--in-place writes into it instead (not atomic)"
cp old linked
ln linked link2
expect_run 1 "mmapcp: cannot replace 'linked' atomically: it has other hard links, which would keep the old content; $hint" \
  "$MMAPCP" a linked
expect_same old link2
expect_run 0 "" "$MMAPCP" --in-place a linked
expect_same a link2

# Permission bits decide for root without capabilities.
nocaps() { setpriv --securebits +noroot --bounding-set -all --inh-caps -all "$@"; }
if nocaps true 2>/dev/null; then
  cp old secret && chmod 0 secret
  expect_run 1 "mmapcp: cannot open 'secret' for reading: Permission denied" nocaps "$MMAPCP" secret x
  cp old readonly && chmod 444 readonly
  expect_run 1 "mmapcp: cannot create regular file 'readonly': Permission denied" \
    nocaps "$MMAPCP" a readonly
  expect_same old readonly
  mkdir ro && cp old ro/f && chmod 666 ro/f && chmod 555 ro
  expect_run 1 "mmapcp: cannot create regular file 'ro/new': Permission denied" \
    nocaps "$MMAPCP" a ro/new
  expect_run 1 "mmapcp: cannot replace 'ro/f' atomically: its directory is not writable; $hint" \
    nocaps "$MMAPCP" a ro/f
  expect_same old ro/f
  expect_run 0 "" nocaps "$MMAPCP" --in-place a ro/f
  expect_same a ro/f
  expect_entries ro f
  chmod 755 ro && rm -r ro secret readonly
else
  echo "SKIP permission cases: setpriv cannot drop capabilities here"
fi

expect_same old dst
expect_entries . a d dangle dst fifo hard link2 linked loop old sym
expect_entries d a
finish
