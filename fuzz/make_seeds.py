#!/usr/bin/env python3
"""fuzz/make_seeds.py - writes the hand-made seed corpora fuzz/harnesses/NAME/corpus/*.

Each seed is one meaningful case spelled in the harness's input encoding (see the
header comment of fuzz/harnesses/NAME/NAME_fuzzer.c). Re-run after changing an encoding:

    python3 fuzz/make_seeds.py            # all harnesses
    python3 fuzz/make_seeds.py copy_file  # one

The files are committed; this script only exists to keep them legible and in step.
"""
import os
import struct
import sys

PAGE = 4096  # the seeds assume 4 KiB pages; on other page sizes they are still valid inputs
HERE = os.path.dirname(os.path.abspath(__file__))


# --- fz_biased() encoders (fuzz/common/fuzz_input.h) -----------------------------------
def near_a(k, delta=0):
    """k * unit_a + delta (unit_a is usually the page size)."""
    assert -8 <= delta <= 7 and 0 <= k < 16
    return bytes([delta + 8, k])


def near_b(k, delta=0):
    """k * unit_b + delta (unit_b: the window, or the end of file)."""
    assert -8 <= delta <= 7 and 0 <= k < 4
    return bytes([0x40 | (delta + 8), k])


def small(v):
    assert 0 <= v < 64
    return bytes([0x80 | v])


def raw(v):
    assert 0 <= v < 65536
    return bytes([0xC0]) + struct.pack("<H", v)


# --- I/O fault plans (fuzz/common/io_faults.h) ------------------------------------------
SHORT, EINTR = 1, 2  # the fate of one call in a schedule (2 bits each, first call lowest)
HARD_READ_EIO, HARD_MMAP_ENOMEM, HARD_FSYNC_EIO, HARD_CLOSE_EIO, HARD_RENAME_EIO = range(1, 6)
NO_FAULTS = b"\x00"


def schedule(*fates):
    """A 32-bit schedule: fates[i] is the fate of call i."""
    v = 0
    for i, f in enumerate(fates):
        v |= f << (2 * i)
    return v


def faults(writes=None, reads=None, short_part=128, limit=None, limit_errno="ENOSPC",
           fallocate=None, hard=None, hard_at=0, procfs=False):
    """A fault plan in io_faults.c's encoding (limit: an fz_biased encoding)."""
    f, args = 0, b""
    if writes is not None:
        f |= 1
        args += struct.pack("<I", writes)
    if reads is not None:
        f |= 2
        args += struct.pack("<I", reads)
    if writes is not None or reads is not None:
        args += bytes([short_part])
    if limit is not None:
        f |= (1 if limit_errno == "ENOSPC" else 2) << 2
        args += limit
    if fallocate is not None:
        f |= 0x10
        args += bytes([{"EOPNOTSUPP": 0, "EINTR": 1}[fallocate]])
    if hard is not None:
        f |= 0x20
        args += bytes([hard + 6 * hard_at])
    if procfs:
        f |= 0x40
    return bytes([f]) + args


def write(harness, name, data):
    d = os.path.join(HERE, "harnesses", harness, "corpus")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# --- mapped_ops -------------------------------------------------------------------------
MAP_READ, MAP_WRITE, PREAD, PWRITE, TRUNCATE, MSYNC, REMAP, PRIVATE, PROBE = range(9)


def op(kind, *args, variant=0):
    return bytes([(variant << 4) | kind]) + b"".join(args)


def mapped_ops():
    s = "mapped_ops"
    write(s, "empty_file", bytes([2]))
    # A write straddling the first page boundary, read back every way.
    write(s, "pwrite_across_page", bytes([3])
          + op(PWRITE, near_a(1, -3), small(7))
          + op(MAP_READ, near_a(1, -4), small(9))
          + op(PREAD, near_a(0, 0), near_a(2, 0)))
    # Stores through the mapping that extend the file, then a cut inside the page and a
    # growth: the cut-off bytes must come back as zeros.
    write(s, "mapwrite_truncate_regrow", bytes([4])
          + op(MAP_WRITE, near_a(1, 5), near_a(1, 0))
          + op(TRUNCATE, near_a(1, 7))
          + op(TRUNCATE, near_a(3, 0))
          + op(MAP_READ, small(0), near_a(3, 0)))
    # Private stores (also past EOF in the last page) never reach the file.
    write(s, "private_write_isolated", bytes([2])
          + op(PWRITE, small(0), near_a(1, 4))
          + op(PRIVATE, near_a(1, 0), small(40), variant=1)
          + op(PRIVATE, small(1), near_a(1, 0))
          + op(PREAD, small(0), near_a(2, 0)))
    # After shrinking, a page past EOF must SIGBUS on load and on store.
    write(s, "probe_after_shrink", bytes([4])
          + op(PWRITE, small(0), near_a(3, 1))
          + op(TRUNCATE, near_a(1, -1))
          + op(PROBE, bytes([0]))
          + op(PROBE, bytes([1]), variant=1))
    # Grow and shrink the mapping both ways, msync in between.
    write(s, "remap_msync", bytes([1])
          + op(PWRITE, near_a(2, 3), small(20))
          + op(REMAP, bytes([5]), variant=1)
          + op(MAP_WRITE, near_b(1, -2), small(9))
          + op(MSYNC, variant=2)
          + op(REMAP, bytes([2]))
          + op(MSYNC, variant=1)
          + op(REMAP, bytes([0])))
    # An fsx-like mix around EOF.
    write(s, "fsx_mix", bytes([6])
          + op(PWRITE, near_b(0, 3), near_a(2, -1))
          + op(MAP_WRITE, near_b(1, -4), small(8))
          + op(TRUNCATE, near_b(1, -7))
          + op(PRIVATE, near_b(1, -1), small(2))
          + op(PWRITE, near_b(2, 0), small(1))
          + op(MAP_READ, small(0), near_b(1, 0))
          + op(TRUNCATE, small(0))
          + op(PROBE, bytes([3])))


# --- copy_range -------------------------------------------------------------------------
SRC_RDWR, SRC_RDONLY, SAME_FD, SAME_FILE = 0, 4, 6, 7       # fd case bytes (< 0xc0)
DST_WRONLY, SRC_PIPE, DST_DIR, SRC_DEVNULL, DST_APPEND = (0xc0 + i for i in (1, 12, 7, 15, 2))


def copy_case(window=0, src=near_a(3), shape=0, in_off=small(0), length=small(0), out_off=small(0),
              dst=small(0), fd=SRC_RDWR, flags=0, strategy=0, progress=0, extra=b"",
              io=NO_FAULTS, overlay=b""):
    """One mk_copy_range case, fields in copy_range_fuzzer.c's order."""
    return (bytes([window]) + src + bytes([shape]) + in_off + length + out_off + dst
            + bytes([fd, flags, strategy, progress]) + extra + io + overlay)


def copy_range():
    s = "copy_range"
    # Unaligned offsets on both sides, one-page windows: every window straddles a page.
    write(s, "unaligned_both_sides", copy_case(
        window=1, src=near_a(3), in_off=small(5), length=near_a(2, 3), out_off=near_a(1, -3),
        dst=small(40), overlay=b"mmapkit copy_range seed"))
    # Two-page windows; the range starts one byte before a window edge and ends one after.
    write(s, "window_straddle", copy_case(
        window=2, src=near_a(8, -1), in_off=near_b(1, -1), length=near_b(2, 2), out_off=small(3),
        dst=near_a(8, 0)))
    # The range ends exactly at the end of the source, given as an end offset.
    write(s, "range_to_source_end", copy_case(
        window=3, src=near_a(5, 7), shape=0x20, in_off=near_a(2, -5), length=near_a(5, 7),
        out_off=near_a(4, 1), dst=near_a(4, 1)))
    # Destination much shorter than out_off: the gap must read as zeros.
    write(s, "gap_past_destination_end", copy_case(
        src=near_a(2), in_off=small(1), length=near_a(1, 1), out_off=near_a(3, 7), dst=small(10)))
    # The other two strategies, unaligned, with advice and populate flags.
    write(s, "map_src_pwrite", copy_case(
        window=1, src=near_a(4, 3), in_off=near_a(1, 1), length=near_a(2, 7), out_off=small(9),
        dst=near_a(2), flags=0x0e, strategy=1))
    write(s, "map_dst_pread", copy_case(
        window=2, src=near_a(4, 3), in_off=small(33), length=near_a(3, 0), out_off=near_a(1, -1),
        dst=near_a(1), flags=0x31, strategy=2))
    # One file: disjoint ranges are a valid copy, overlapping ones -EINVAL.
    write(s, "same_file_disjoint", copy_case(
        window=1, src=near_a(4), in_off=small(0), length=near_a(1, 1), out_off=near_a(2, 3),
        fd=SAME_FD))
    write(s, "same_file_overlap", copy_case(
        src=near_a(4), in_off=small(10), length=near_a(1), out_off=near_a(1, 0), fd=SAME_FILE))
    # Bad descriptors, each with its documented errno.
    write(s, "dst_write_only", copy_case(length=small(8), fd=DST_WRONLY))      # -EACCES
    write(s, "dst_append", copy_case(length=small(8), fd=DST_APPEND))          # -EBADF
    write(s, "src_pipe", copy_case(length=small(8), fd=SRC_PIPE))              # -ESPIPE
    write(s, "dst_directory", copy_case(length=small(8), fd=DST_DIR))          # -EISDIR
    write(s, "src_dev_null", copy_case(length=small(8), fd=SRC_DEVNULL))       # -EINVAL
    # Arithmetic at the edges: out_off + len past INT64_MAX; a range past the source's end.
    write(s, "out_off_overflow", copy_case(shape=0xc4, length=small(2), extra=b"\x03"))
    write(s, "in_off_huge", copy_case(shape=0xc1, in_off=b"\x00", length=small(1)))
    write(s, "range_past_source_end", copy_case(
        src=near_a(1, 1), shape=0xc0, in_off=near_a(1, 0), length=small(2)))
    # Options: a window that is not a page multiple, an unknown flag, a huge window, and
    # len == 0 still gets the checks.
    write(s, "window_not_page_multiple", copy_case(window=0xf1, length=small(5)) + b"\x09")
    write(s, "unknown_flag_empty_range", copy_case(length=small(0), flags=0xf0))
    write(s, "huge_window", copy_case(window=6, src=near_a(3, 3), length=near_a(3, 3)))
    # The callback: cancel before the second window; shrink the source below the third window
    # (pages past the new end fault: -ENODATA, destination size restored).
    write(s, "cancel_second_window", copy_case(
        window=1, src=near_a(4), length=near_a(3), dst=near_a(1), progress=2 | 1 << 2))
    write(s, "source_shrinks_mid_copy", copy_case(
        window=1, src=near_a(4), length=near_a(4), out_off=small(7), dst=near_a(2),
        progress=3 | 2 << 2, extra=near_a(1, -5)))
    # I/O faults. Short and interrupted writes (pwrite strategy) and reads (pread strategy)
    # must not change the result.
    write(s, "short_writes", copy_case(
        window=1, src=near_a(4, 3), in_off=small(5), length=near_a(3, 1), out_off=small(3),
        dst=near_a(1), strategy=1, io=faults(writes=schedule(SHORT, SHORT, EINTR, SHORT),
                                            short_part=100)))
    write(s, "short_and_interrupted_reads", copy_case(
        window=2, src=near_a(5), in_off=small(1), length=near_a(4, 2), dst=near_a(6), strategy=2,
        io=faults(reads=schedule(EINTR, SHORT, SHORT, EINTR), short_part=30)))
    # The space ends inside the range: the copy fails with that errno, the size restored.
    write(s, "enospc_mid_range", copy_case(
        window=1, src=near_a(4), length=near_a(4), out_off=small(9), dst=near_a(1), strategy=1,
        flags=0x20, io=faults(limit=near_a(2, 3))))
    write(s, "efbig_growth", copy_case(
        window=1, src=near_a(4), length=near_a(3), out_off=near_a(1, 1), dst=small(12),
        io=faults(limit=near_a(2, -1), limit_errno="EFBIG")))
    write(s, "efbig_short_pwrite", copy_case(
        window=6, src=near_a(6), length=near_a(6), dst=near_a(8), strategy=1,
        io=faults(limit=near_a(3, 5), limit_errno="EFBIG")))
    # fallocate refused (the copy goes on without reserving) or interrupted once (retried).
    write(s, "fallocate_unsupported", copy_case(
        src=near_a(2, 1), length=near_a(2, 1), dst=small(3), io=faults(fallocate="EOPNOTSUPP")))
    write(s, "fallocate_interrupted", copy_case(
        src=near_a(2, 1), length=near_a(2, 1), dst=small(3), io=faults(fallocate="EINTR")))
    # One hard error: the second mmap fails; fsync fails (MK_COPY_SYNC).
    write(s, "mmap_enomem", copy_case(
        window=1, src=near_a(3), length=near_a(3), dst=near_a(1),
        io=faults(hard=HARD_MMAP_ENOMEM, hard_at=1)))
    write(s, "fsync_eio", copy_case(
        src=near_a(2), length=near_a(2), flags=0x01, io=faults(hard=HARD_FSYNC_EIO)))


# --- copy_file --------------------------------------------------------------------------
(DST_EXISTING, DST_HARDLINKED, DST_SYMLINK, DST_DANGLING, DST_DIRECTORY, DST_FIFO, DST_DEVICE,
 DST_NO_PARENT, DST_SAME_PATH, DST_SAME_HARDLINK, DST_SAME_SYMLINK) = range(0x81, 0x8c)
SRC_MISSING, SRC_DIRECTORY, SRC_FIFO, SRC_DEVICE, SRC_DANGLING = range(0xe1, 0xe6)
M644, M600, M755, M400, M777 = range(5)  # mode byte: index into the harness's table


def file_case(window=0, size=small(0), holes=0, mode=M644, dst=0, src=0, old_size=small(0),
              flags=0, strategy=0, progress=0, extra=b"", io=NO_FAULTS, overlay=b""):
    """One mk_copy_file case, fields in copy_file_fuzzer.c's order."""
    return (bytes([window]) + size + bytes([holes, mode, dst, src]) + old_size
            + bytes([flags, strategy, progress]) + extra + io + overlay)


def copy_file():
    s = "copy_file"
    # Sizes at the edges: empty (the read fallback), one byte, page - 1 / page / page + 1
    # with one-page windows, window + 1 with two-page windows.
    write(s, "empty_source", file_case())
    write(s, "one_byte", file_case(size=small(1), overlay=b"x"))
    write(s, "page_minus_1", file_case(window=1, size=near_a(1, -1), mode=M600))
    write(s, "page_exactly", file_case(window=1, size=near_a(1, 0), mode=M755))
    write(s, "page_plus_1", file_case(window=1, size=near_a(1, 1), mode=M777))
    write(s, "window_plus_1", file_case(window=2, size=near_b(1, 1), mode=M400))
    # Sparse: pages 1, 3 and 5 are holes; they must stay holes and read as zeros.
    write(s, "sparse_source", file_case(window=1, size=near_a(5, 3), holes=0b0101011))
    # Replacing: a plain file, one with another hard link (which keeps the old bytes), a
    # symbolic link (its target is replaced, the link stays).
    write(s, "replace_existing", file_case(size=near_a(1, 7), dst=DST_EXISTING, old_size=near_a(3)))
    write(s, "replace_hardlinked", file_case(size=small(9), dst=DST_HARDLINKED, old_size=small(30)))
    write(s, "replace_through_symlink", file_case(size=near_a(2), dst=DST_SYMLINK, old_size=small(3)))
    # The other strategies, synced, with advice.
    write(s, "map_src_pwrite_sync", file_case(window=1, size=near_a(3, -2), flags=0x05, strategy=1))
    write(s, "map_dst_pread_populate", file_case(window=2, size=near_a(4, 5), flags=0x1a, strategy=2,
                                                 dst=DST_EXISTING, old_size=near_a(6)))
    # Refused destinations: nothing may change, no temporary file may remain.
    for name, dst in (("dst_dangling_symlink", DST_DANGLING), ("dst_directory", DST_DIRECTORY),
                      ("dst_fifo", DST_FIFO), ("dst_device", DST_DEVICE),
                      ("dst_missing_parent", DST_NO_PARENT), ("dst_same_path", DST_SAME_PATH),
                      ("dst_hard_link_to_src", DST_SAME_HARDLINK),
                      ("dst_symlink_to_src", DST_SAME_SYMLINK)):
        write(s, name, file_case(size=small(20), dst=dst))
    for name, src in (("src_missing", SRC_MISSING), ("src_directory", SRC_DIRECTORY),
                      ("src_fifo", SRC_FIFO), ("src_device", SRC_DEVICE),
                      ("src_dangling_symlink", SRC_DANGLING)):
        write(s, name, file_case(size=small(20), src=src))
    # Cancelled by the callback before the second window: the old file stays.
    write(s, "cancel_keeps_old_file", file_case(window=1, size=near_a(3), dst=DST_EXISTING,
                                                old_size=small(50), progress=2 | 1 << 2))
    write(s, "window_not_page_multiple", file_case(window=0xf1, size=small(5)))
    # The callback shrinks the source before the second window (-ENODATA, the old file stays),
    # or after the last one (too late to matter: the copy is complete).
    write(s, "source_shrinks_mid_copy", file_case(window=1, size=near_a(3), dst=DST_EXISTING,
                                                  old_size=small(9), progress=3 | 1 << 2,
                                                  extra=near_a(1, 7)))
    write(s, "source_shrinks_after_copy", file_case(size=near_a(1, 3), progress=3 | 1 << 2,
                                                    extra=small(10)))
    # Cut inside the last page, 100 bytes before the end: no fault, only the size tells.
    write(s, "source_shrinks_in_last_page", file_case(window=1, size=raw(3 * PAGE + 200), dst=DST_EXISTING,
                                                      old_size=small(9), progress=3 | 0x20,
                                                      extra=bytes([99])))
    # The read()/write() fallback on real content (the source made to look like procfs), with
    # short and interrupted reads and writes; cut before its first read.
    write(s, "fallback_short_reads", file_case(
        size=near_a(4, 5), io=faults(reads=schedule(SHORT, EINTR, SHORT, SHORT),
                                     writes=schedule(SHORT, SHORT), short_part=60, procfs=True),
        overlay=b"procfs-like source"))
    write(s, "fallback_cut_before_reading", file_case(
        size=near_a(3, 1), progress=3, extra=near_a(1, 7), io=faults(procfs=True)))
    write(s, "fallback_read_eio", file_case(
        size=near_a(2, 2), dst=DST_EXISTING, old_size=small(5),
        io=faults(reads=schedule(SHORT), hard=HARD_READ_EIO, hard_at=1, procfs=True)))
    # Faults on the temporary file: out of space, past the size limit, EIO from close, from
    # rename; an mmap of the source failing. The old destination stays, nothing is left over.
    write(s, "enospc_temporary", file_case(window=1, size=near_a(4), dst=DST_EXISTING,
                                           old_size=small(7), strategy=1,
                                           io=faults(limit=near_a(2, 1), fallocate="EOPNOTSUPP")))
    write(s, "efbig_temporary", file_case(size=near_a(3, 3), io=faults(limit=near_a(1, 1),
                                                                        limit_errno="EFBIG")))
    write(s, "close_eio", file_case(size=near_a(1, 7), dst=DST_HARDLINKED, old_size=small(4),
                                    io=faults(hard=HARD_CLOSE_EIO)))
    write(s, "rename_eio", file_case(size=near_a(2), dst=DST_SYMLINK, old_size=small(4),
                                     io=faults(hard=HARD_RENAME_EIO)))
    write(s, "source_mmap_enomem", file_case(window=1, size=near_a(3), strategy=1,
                                             io=faults(hard=HARD_MMAP_ENOMEM, hard_at=1)))


# --- channel ----------------------------------------------------------------------------
SEND_OP, RECV_OP, ATTACH_OP, DETACH_OP, NULL_OP, THREAD_OP, DIE_SEND, DIE_RECV, BATCH_OP = (
    0, 3, 6, 7, 8, 9, 10, 11, 12)
BLOCK, TIMED = 1, 6  # SEND/RECV variant bits: wait forever when it cannot block; a timeout


def send(lenbyte, variant=0):
    return bytes([variant << 4 | SEND_OP]) + lenbyte


def recv(capbyte, variant=0):
    return bytes([variant << 4 | RECV_OP]) + capbyte


def timed(ms):
    """The variant of a SEND/RECV with a positive timeout of ms (1-2) milliseconds."""
    return TIMED | (ms - 1) << 3


EXACT_FIT, MAX_MESSAGE, MAX_PLUS_1 = b"\x08", b"\x40", b"\x41"  # send lengths
FRONT, FRONT_MINUS_1, CAP_0 = b"\x08", b"\x07", b"\x40"         # receive buffer sizes
ATTACH_SENDER, ATTACH_RECEIVER = bytes([ATTACH_OP]), bytes([1 << 4 | ATTACH_OP])
THREAD_DRAIN, THREAD_DIES_ATTACHED = bytes([THREAD_OP]), bytes([1 << 4 | THREAD_OP])


def n(v):
    return bytes([0x80 | v])  # a small length or buffer size


def detach(i=0):
    return bytes([DETACH_OP, i])


def null_args(variant, arg):
    return bytes([variant << 4 | NULL_OP, arg])


def die_send(lenbyte, k, attach=False):
    return bytes([int(attach) << 4 | DIE_SEND]) + lenbyte + bytes([k])


def die_recv(k, attach=False):
    return bytes([int(attach) << 4 | DIE_RECV, k])


def batch(count, sizes, thread_receives=False, timed_retries=False):
    return bytes([(int(thread_receives) | int(timed_retries) << 1) << 4 | BATCH_OP, count, sizes])


def channel():
    s = "channel"
    # Fill the ring exactly: one more byte does not fit (-EAGAIN); drain it.
    write(s, "fill_exactly", near_b(1) + send(EXACT_FIT) + send(n(0)) + recv(FRONT) + send(n(0))
          + recv(FRONT))
    # A 40-byte ring: messages wrap around its end, headers too.
    write(s, "wrap_around", small(40) + send(n(10)) + send(n(9)) + recv(FRONT) + send(n(13))
          + recv(FRONT) + recv(FRONT) + send(n(30)) + recv(FRONT))
    # Too big to send; a buffer one byte short (-EMSGSIZE, the message stays queued).
    write(s, "message_sizes", near_a(4) + send(MAX_PLUS_1) + send(MAX_MESSAGE) + recv(FRONT_MINUS_1)
          + recv(FRONT) + recv(FRONT))
    # Empty messages count 4 bytes each; a zero-size buffer receives them.
    write(s, "empty_messages", small(16) + send(n(0)) * 5 + recv(CAP_0) * 5
          + null_args(0, 0) + null_args(1, 0))
    # -EPIPE: the only receiver detached (send); the only sender detached (receive, once empty).
    write(s, "receiver_gone", near_a(8) + send(n(5)) + ATTACH_RECEIVER + detach() + send(n(5))
          + recv(FRONT) + recv(FRONT))
    write(s, "sender_gone", near_a(8) + ATTACH_SENDER + send(n(7)) + detach() + recv(FRONT)
          + recv(FRONT))
    # Another thread drains the queue; another dies while attached as a receiver.
    write(s, "thread_drains", near_b(2) + send(n(20)) + send(n(3)) + send(n(0)) + THREAD_DRAIN
          + recv(FRONT))
    write(s, "thread_dies_attached", near_b(2) + send(n(20)) + send(n(3)) + THREAD_DIES_ATTACHED
          + send(n(1)) + ATTACH_RECEIVER + send(n(1)) + recv(FRONT))
    # Endpoints run out at 32; detach one and attach again.
    write(s, "endpoints_exhausted", near_b(1) + ATTACH_SENDER * 20 + ATTACH_RECEIVER * 13
          + detach(3) + ATTACH_RECEIVER + null_args(3, 0))
    # Waiting calls (timeout -1) that must not block.
    write(s, "blocking_calls", near_b(1) + send(n(12), BLOCK) + recv(FRONT, BLOCK)
          + send(EXACT_FIT, BLOCK) + recv(FRONT, BLOCK))
    # Positive timeouts: on a full channel and an empty one they expire (-ETIMEDOUT, not
    # before); where nothing needs waiting they do not matter.
    write(s, "positive_timeouts", near_b(1) + send(EXACT_FIT, timed(2)) + send(n(1), timed(1))
          + recv(FRONT, timed(1)) + recv(FRONT, timed(2)) + send(n(9), timed(1)))
    # NULL arguments and a NULL channel.
    write(s, "null_arguments", near_b(1) + null_args(0, 1) + null_args(1, 1) + null_args(2, 0))
    # Capacities out of bounds.
    for i, name in enumerate(("capacity_0", "capacity_15", "capacity_max_plus_1", "capacity_size_max")):
        write(s, name, bytes([0xf8 + i]))
    write(s, "capacity_minimum", small(16) + send(MAX_MESSAGE) + recv(FRONT))
    # A sender dies half-way through copying its message (attached, or not): nothing of it is
    # ever received; what was queued before still is, and the channel goes on.
    write(s, "sender_dies_mid_send", near_b(2) + send(n(30)) + die_send(n(40), 0x80, attach=True)
          + recv(FRONT) + recv(FRONT) + send(n(5)) + recv(FRONT))
    write(s, "sender_dies_first_byte", near_b(1) + die_send(n(20), 0) + send(n(7)) + recv(FRONT))
    # A receiver dies half-way through copying the oldest message: it stays queued.
    write(s, "receiver_dies_mid_recv", near_b(2) + send(n(50)) + send(n(8))
          + die_recv(0x70, attach=True) + recv(FRONT) + recv(FRONT))
    write(s, "receiver_dies_then_epipe", near_b(1) + send(n(33)) + die_recv(0xf0, attach=True)
          + send(n(3)) + recv(FRONT))
    # Send and receive at once through a small ring: a thread sends, this one receives; and
    # the other way round with short timeouts retried.
    write(s, "batch_thread_sends", small(60) + send(n(10)) + batch(20, 7))
    write(s, "batch_thread_receives", near_b(1) + batch(23, 99, thread_receives=True,
                                                      timed_retries=True) + send(n(4)) + recv(FRONT))


# --- map_path ---------------------------------------------------------------------------
MAP, STORE, PWRITE_OP, CHECK, SYNC, UNMAP, NULLS, CHECK_ALL = range(8)
RO, RW, PRIV, BAD_MODE = range(4)
FILE, SYMLINK, MISSING, DIRECTORY, FIFO, NULL_PATH = 0, 3, 4, 5, 6, 7
NULL_OUT = 7 | 8


def map_op(mode, perms=0o600, path=FILE):
    return bytes([path << 3 | MAP, mode]) + struct.pack("<H", perms)


def store(slot, off, length):
    return bytes([STORE, slot]) + off + length


def map_path():
    s = "map_path"
    # Every mode on a readable and writable file: the kernel's view and the bytes.
    write(s, "every_mode", near_a(2, 3) + map_op(RO) + map_op(RW) + map_op(PRIV)
          + bytes([CHECK_ALL]))
    # Permission bits: write-only, read-only, none. PRIVATE needs only read permission.
    write(s, "read_only_file", near_a(1, 1) + map_op(RW, 0o400) + map_op(RO, 0o400)
          + map_op(PRIV, 0o444) + store(1, small(3), small(20)) + bytes([CHECK_ALL]))
    write(s, "write_only_file", near_a(1) + map_op(RO, 0o200) + map_op(PRIV, 0o200)
          + map_op(RW, 0o600))
    write(s, "no_permission", near_a(1) + map_op(RO, 0) + map_op(RW, 0o066) + map_op(PRIV, 0o077))
    # Stores: through the shared mapping they reach the file, through the private one never;
    # a read-only mapping cannot be written even by the kernel.
    write(s, "stores_shared_private", near_a(2, 1) + map_op(RW) + map_op(PRIV) + map_op(RO)
          + store(0, near_a(1, -3), small(9)) + store(1, small(0), near_a(1, 1))
          + store(2, small(7), small(1)) + bytes([CHECK_ALL]))
    # The file changes under the mappings (and grows): shared ones see it, the private one
    # only on pages it has not stored to; mk_map_sync in both modes.
    write(s, "pwrite_under_mappings", near_a(2, 5) + map_op(PRIV) + map_op(RO)
          + store(0, near_a(1, 2), small(4)) + bytes([PWRITE_OP]) + small(0) + near_a(2, 1)
          + bytes([PWRITE_OP]) + near_b(1, 0) + small(40) + bytes([CHECK, 0, CHECK, 1])
          + bytes([SYNC, 0, SYNC | 8, 1]))
    # The empty file in every mode; unmapping twice.
    write(s, "empty_file", small(0) + map_op(RO) + map_op(RW) + map_op(PRIV) + bytes([SYNC, 1])
          + bytes([UNMAP, 0, UNMAP, 0]))
    # Paths that are not regular files, NULL arguments, a bad mode.
    write(s, "not_regular_files", near_a(1) + map_op(RO, path=MISSING) + map_op(RW, path=DIRECTORY)
          + map_op(RO, path=DIRECTORY) + map_op(RW, path=FIFO) + map_op(PRIV, path=SYMLINK))
    write(s, "bad_arguments", near_a(1) + map_op(RO, path=NULL_PATH) + map_op(RW, path=NULL_OUT)
          + map_op(BAD_MODE) + bytes([NULLS]))
    # More mappings than slots: the oldest is unmapped to make room.
    write(s, "slots_recycled", near_a(1, 7) + map_op(RO) * 3 + map_op(RW) * 2 + bytes([CHECK_ALL]))


HARNESSES = {"mapped_ops": mapped_ops, "copy_range": copy_range, "copy_file": copy_file,
             "channel": channel, "map_path": map_path}

if __name__ == "__main__":
    for name in sys.argv[1:] or HARNESSES:
        HARNESSES[name]()
        print("wrote fuzz/harnesses/%s/corpus" % name)
