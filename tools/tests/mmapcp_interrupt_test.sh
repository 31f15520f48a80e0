#!/bin/sh
# SIGINT or SIGTERM while mmapcp copies: it cancels, removes its temporary
# file, leaves the destination as it was (or absent) and dies of the signal
# (shell status 130 / 143). With --in-place it dies the same way, the
# destination partly written (documented) but the same file.
#
# Deterministic, without timing: mmapcp -vv writes its first line after its
# temporary file exists and before the first window is copied. Its stdout is
# a pipe we filled, so that write blocks: mmapcp is held mid-copy until the
# signal interrupts the write. We wait (bounded) for the temporary file (in
# place: for the destination to take the source's size, which comes just
# before that line), signal, then drain the pipe in case the signal came just
# before the write.
. tools/tests/mmapcp_testlib.sh

# A large source: 5 GiB sparse, data before, across and after 4 GiB.
"$TESTFILE" sparse "$T/src" 5368709120 0 4294901760 5368643584
"$TESTFILE" pattern "$T/old" 3000 1

runs=0
interrupt() { # SIGNAL STATUS DST_EXISTS [OPTION]
  sig=$1 want=$2 option=${4:-}
  runs=$((runs + 1))
  out=$T/out.$runs
  mkdir "$out"
  dst=$out/dst
  [ "$3" = yes ] && cp "$T/old" "$dst" && inode=$(stat -c %i "$dst")
  mkfifo "$T/pipe.$runs"
  exec 3<>"$T/pipe.$runs" # read-write: neither open blocks
  # Fill it: 4 KiB non-blocking writes until EAGAIN (whatever its capacity).
  dd if=/dev/zero of="$T/pipe.$runs" bs=4096 oflag=nonblock 2>/dev/null
  # A background job of a non-interactive shell starts with SIGINT ignored
  # (and mmapcp then rightly keeps it ignored): reset it.
  # shellcheck disable=SC2086
  env --default-signal=INT "$MMAPCP" -vv $option "$T/src" "$dst" >&3 2>"$T/err.$runs" &
  pid=$!
  tries=0
  until if [ -n "$option" ]; then [ "$(stat -c %s "$dst")" = 5368709120 ]; else
    ls -A "$out" | grep -q '^\.dst\.mmapkit-'
  fi; do
    tries=$((tries + 1))
    if [ $tries -gt 3000 ] || ! kill -0 $pid 2>/dev/null; then
      fail "SIG$sig $option: mmapcp did not start copying"
      break
    fi
    sleep 0.01
  done
  kill -s "$sig" $pid
  dd if="$T/pipe.$runs" of=/dev/null bs=65536 iflag=nonblock 2>/dev/null
  status=0
  wait $pid 2>/dev/null || status=$?
  exec 3>&-
  [ "$status" -eq "$want" ] || fail "SIG$sig: exit status $status, expected $want"
  [ ! -s "$T/err.$runs" ] || fail "SIG$sig: stderr: $(cat "$T/err.$runs")"
  if [ -n "$option" ]; then
    # Not atomic, as documented: DST is partly written, but it is the same
    # file, and there never was a temporary file.
    [ "$(stat -c %i "$dst")" = "$inode" ] || fail "SIG$sig $option: DST was replaced"
    expect_entries "$out" dst
  elif [ "$3" = yes ]; then
    expect_same "$T/old" "$dst"
    expect_entries "$out" dst
  else
    expect_entries "$out"
  fi
}

interrupt INT 130 yes
interrupt TERM 143 yes
interrupt INT 130 no
interrupt HUP 129 no
interrupt TERM 143 yes --in-place

finish
