"""Fault-injection shims of the mmap_args family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def mmap_args_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
        mk_shim(
            "MMAP.FLAGS.SHARED_AND_PRIVATE_ANON_EINVAL",
            breaks = ["MMAP.FLAGS.SHARED_AND_PRIVATE_ANON_EINVAL"],
        ),
        mk_shim(
            "MMAP.ARGS.LENGTH_ROUNDS_TO_ZERO_ENOMEM",
            breaks = ["MMAP.ARGS.LENGTH_ROUNDS_TO_ZERO_ENOMEM"],
        ),
        mk_shim("MMAP.ARGS.LAST_PAGE_OFFSET_OK", breaks = ["MMAP.ARGS.LAST_PAGE_OFFSET_OK"]),
        mk_shim(
            "MMAP.FIXED.TOP_OF_ADDRESS_SPACE_ENOMEM",
            breaks = ["MMAP.FIXED.TOP_OF_ADDRESS_SPACE_ENOMEM"],
        ),
        mk_shim(
            "MMAP.ARGS.PARTIAL_PAGE_LENGTH",
            breaks = [
                "MMAP.ARGS.PARTIAL_PAGE_LENGTH",
                "CORE.CHANNEL.EMSGSIZE",  # a small channel maps less than a page
            ],
        ),
        mk_shim("MMAP.FLAGS.MAP_STACK_OK", breaks = ["MMAP.FLAGS.MAP_STACK_OK"]),
        mk_shim("MMAP.FLAGS.MAP_32BIT_LOW", breaks = ["MMAP.FLAGS.MAP_32BIT_LOW"]),
        mk_shim(
            "MMAP.PROT.COMBINATIONS_IN_MAPS",
            breaks = [
                "MMAP.PROT.COMBINATIONS_IN_MAPS",
                # A PROT_READ page mapped otherwise takes MADV_POPULATE_WRITE.
                "MADVISE.POPULATE.PROT_MISMATCH_EINVAL",
            ],
        ),
        mk_shim("MMAP.FLAGS.NORESERVE_USABLE", breaks = ["MMAP.FLAGS.NORESERVE_USABLE"]),
        mk_shim("MMAP.ARGS.RLIMIT_AS_ENOMEM", breaks = ["MMAP.ARGS.RLIMIT_AS_ENOMEM"]),
        mk_shim("MMAP.FTYPE.CHAR_DEVICE_ENODEV", breaks = ["MMAP.FTYPE.CHAR_DEVICE_ENODEV"]),
        mk_shim("MMAP.FTYPE.DEV_ZERO", breaks = ["MMAP.FTYPE.DEV_ZERO"]),
        mk_shim("MMAP.MODE.EXEC_ONLY_SHARED_OK", breaks = ["MMAP.MODE.EXEC_ONLY_SHARED_OK"]),
        mk_shim(
            "MMAP.ACCESS.PROT_NONE_STORE_SIGSEGV",
            breaks = [
                "MMAP.ACCESS.PROT_NONE_STORE_SIGSEGV",
                "MMAP.ACCESS.PROT_NONE_SIGSEGV",  # loads no longer fault either
                "MMAP.ACCESS.SIGSEGV_SI_ADDR",  # faults on a PROT_NONE page too
                "MMAP.PROT.COMBINATIONS_IN_MAPS",  # PROT_NONE shows as rw-
                # Each checks that a move left the PROT_NONE pages around its destination alone.
                "MREMAP.FIXED.GROW",
                "MREMAP.FIXED.MOVES_AND_REPLACES",
                "MREMAP.FIXED.SHRINK",
                "MREMAP.GROW_IN_PLACE",  # the PROT_NONE neighbour merges with the grown mapping
                # Each needs a PROT_NONE page to stay inaccessible (mlock and mincore refuse it).
                "MINCORE.BAD_VECTOR_EFAULT",
                "MLOCK.PROT_NONE_ENOMEM",
            ],
        ),
        mk_shim(
            "MMAP.ACCESS.WRITE_ONLY_READABLE",
            breaks = [
                "MMAP.ACCESS.WRITE_ONLY_READABLE",
                "MMAP.PROT.COMBINATIONS_IN_MAPS",  # write-only shows as ---
                # Each maps PROT_WRITE alone and relies on what that mapping allows.
                "MEMFD.SEAL_WRITE.SHARED_WRITE_EPERM",
                "MLOCK.SHARED_WRITE_ONLY_OK",
            ],
        ),
        mk_shim(
            "MMAP.ACCESS.PROT_EXEC_RUNS",
            breaks = [
                "MMAP.ACCESS.PROT_EXEC_RUNS",
                "MMAP.PROT.COMBINATIONS_IN_MAPS",  # no x shown
                # Its PROT_EXEC mapping of a noexec file is refused before mprotect is tried.
                "MPROTECT.NOEXEC.ADD_EXEC_EACCES",
            ],
        ),
        mk_shim(
            "MMAP.ACCESS.NO_EXEC_SIGSEGV",
            breaks = [
                "MMAP.ACCESS.NO_EXEC_SIGSEGV",
                "MMAP.PROT.COMBINATIONS_IN_MAPS",  # x shown where not asked for
            ],
        ),
        mk_shim(
            "MMAP.FIXED_NOREPLACE.FREE_RANGE_OK",
            breaks = [
                "MMAP.FIXED_NOREPLACE.FREE_RANGE_OK",
                "MMAP.FIXED_NOREPLACE.ADJACENT_OK",  # its ranges are free too
            ],
        ),
        mk_shim(
            "MMAP.FIXED_NOREPLACE.PARTIAL_OVERLAP_EEXIST",
            breaks = ["MMAP.FIXED_NOREPLACE.PARTIAL_OVERLAP_EEXIST"],
        ),
        mk_shim("MMAP.FIXED_NOREPLACE.ADJACENT_OK", breaks = ["MMAP.FIXED_NOREPLACE.ADJACENT_OK"]),
        mk_shim(
            "MMAP.FIXED_NOREPLACE.WITH_FIXED_EEXIST",
            breaks = ["MMAP.FIXED_NOREPLACE.WITH_FIXED_EEXIST"],
        ),
        mk_shim(
            "MMAP.FIXED_NOREPLACE.UNALIGNED_EINVAL",
            breaks = ["MMAP.FIXED_NOREPLACE.UNALIGNED_EINVAL"],
        ),
    ]
