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
              dst=small(0), fd=SRC_RDWR, flags=0, strategy=0, progress=0, extra=b"", overlay=b""):
    """One mk_copy_range case, fields in copy_range_fuzzer.c's order."""
    return (bytes([window]) + src + bytes([shape]) + in_off + length + out_off + dst
            + bytes([fd, flags, strategy, progress]) + extra + overlay)


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


# --- copy_file --------------------------------------------------------------------------
(DST_EXISTING, DST_HARDLINKED, DST_SYMLINK, DST_DANGLING, DST_DIRECTORY, DST_FIFO, DST_DEVICE,
 DST_NO_PARENT, DST_SAME_PATH, DST_SAME_HARDLINK, DST_SAME_SYMLINK) = range(0x81, 0x8c)
SRC_MISSING, SRC_DIRECTORY, SRC_FIFO, SRC_DEVICE, SRC_DANGLING = range(0xe1, 0xe6)
M644, M600, M755, M400, M777 = range(5)  # mode byte: index into the harness's table


def file_case(window=0, size=small(0), holes=0, mode=M644, dst=0, src=0, old_size=small(0),
              flags=0, strategy=0, progress=0, extra=b"", overlay=b""):
    """One mk_copy_file case, fields in copy_file_fuzzer.c's order."""
    return (bytes([window]) + size + bytes([holes, mode, dst, src]) + old_size
            + bytes([flags, strategy, progress]) + extra + overlay)


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


# --- channel ----------------------------------------------------------------------------
def send(lenbyte, block=False):
    return bytes([0x08 if block else 0x00]) + lenbyte


def recv(capbyte, block=False):
    return bytes([0x0a if block else 0x02]) + capbyte


EXACT_FIT, MAX_MESSAGE, MAX_PLUS_1 = b"\x08", b"\x40", b"\x41"  # send lengths
FRONT, FRONT_MINUS_1, CAP_0 = b"\x08", b"\x07", b"\x40"         # receive buffer sizes
ATTACH_SENDER, ATTACH_RECEIVER = b"\x04", b"\x0c"
THREAD_DRAIN, THREAD_DIES_ATTACHED = b"\x07", b"\x0f"


def n(v):
    return bytes([0x80 | v])  # a small length or buffer size


def detach(i=0):
    return b"\x05" + bytes([i])


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
          + b"\x06\x00" + b"\x0e\x00")
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
          + detach(3) + ATTACH_RECEIVER + b"\x1e\x00")
    # Waiting calls (timeout -1) that must not block.
    write(s, "blocking_calls", near_b(1) + send(n(12), block=True) + recv(FRONT, block=True)
          + send(EXACT_FIT, block=True) + recv(FRONT, block=True))
    # NULL arguments and a NULL channel.
    write(s, "null_arguments", near_b(1) + b"\x06\x01" + b"\x0e\x01" + b"\x16\x00")
    # Capacities out of bounds.
    for i, name in enumerate(("capacity_0", "capacity_15", "capacity_max_plus_1", "capacity_size_max")):
        write(s, name, bytes([0xf8 + i]))
    write(s, "capacity_minimum", small(16) + send(MAX_MESSAGE) + recv(FRONT))


HARNESSES = {"mapped_ops": mapped_ops, "copy_range": copy_range, "copy_file": copy_file,
             "channel": channel}

if __name__ == "__main__":
    for name in sys.argv[1:] or HARNESSES:
        HARNESSES[name]()
        print("wrote fuzz/harnesses/%s/corpus" % name)
