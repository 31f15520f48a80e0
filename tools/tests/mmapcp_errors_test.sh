#!/bin/sh
# mmapcp's errors: cp's wording, exit status 1, the destination untouched and
# no temporary file left, whatever the cause.
. tools/tests/mmapcp_testlib.sh

mkdir "$T/w" && cd "$T/w" || exit 1
"$TESTFILE" pattern a 20000 1
"$TESTFILE" pattern old 3000 2
cp old dst
mkdir d d/a
mkfifo fifo
ln a hard
ln -s a sym

# The same file, by any name: refused before anything is opened for writing.
for same in a ./a hard sym "$PWD/a" d/../a; do
  expect_run 1 "mmapcp: 'a' and '$same' are the same file" "$MMAPCP" a "$same"
done
expect_run 1 "mmapcp: 'a' and './a' are the same file" "$MMAPCP" a .
expect_same a hard

# Operands and options.
try="Try 'mmapcp --help' for more information."
expect_run 1 "mmapcp: missing file operand
$try" "$MMAPCP"
expect_run 1 "mmapcp: missing destination file operand after 'a'
$try" "$MMAPCP" a
expect_run 1 "mmapcp: extra operand 'c'
$try" "$MMAPCP" a b c
expect_run 1 "mmapcp: unrecognized option '--frobnicate'
$try" "$MMAPCP" --frobnicate a b

# Sources that cannot be opened or copied.
expect_run 1 "mmapcp: cannot open 'nope': No such file or directory" "$MMAPCP" nope dst
expect_run 1 "mmapcp: omitting directory 'd'" "$MMAPCP" d dst
expect_run 1 "mmapcp: cannot copy 'fifo': not a regular file" "$MMAPCP" fifo dst
expect_run 1 "mmapcp: cannot copy '/dev/zero': not a regular file" "$MMAPCP" /dev/zero dst

# Destinations that cannot be written.
expect_run 1 "mmapcp: cannot create regular file 'nodir/x': No such file or directory" \
  "$MMAPCP" a nodir/x
expect_run 1 "mmapcp: cannot stat 'a/x': Not a directory" "$MMAPCP" a a/x
expect_run 1 "mmapcp: cannot overwrite directory 'd/a' with non-directory" "$MMAPCP" a d
expect_run 1 "mmapcp: cannot overwrite non-regular file 'fifo'" "$MMAPCP" a fifo

# Past the file size limit (SIGXFSZ is ignored by mmapcp): EFBIG, old dst kept.
expect_run 1 "mmapcp: error writing 'dst': File too large" sh -c "ulimit -f 8; exec '$MMAPCP' a dst"

expect_same old dst
expect_entries . a d dst fifo hard old sym
expect_entries d a
finish
