"""Fault-injection shims of the madvise family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def madvise_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
        mk_shim(
            "MADVISE.DONTNEED.PRIVATE_ANON_ZEROES",
            breaks = [
                "MADVISE.DONTNEED.PRIVATE_ANON_ZEROES",
                # The same discard that does nothing, seen by the other private anonymous rows.
                "MADVISE.DONTNEED.CHILD_COPY_ONLY",
                "MADVISE.DONTNEED.HUGE_SUBRANGE_EXACT",
                "MADVISE.ARGS.LENGTH_ROUNDED_UP",
            ],
        ),
        mk_shim("MADVISE.DONTNEED.CHILD_COPY_ONLY", breaks = ["MADVISE.DONTNEED.CHILD_COPY_ONLY"]),
        mk_shim(
            "MADVISE.DONTNEED.SHARED_KEEPS_DATA",
            breaks = [
                "MADVISE.DONTNEED.SHARED_KEEPS_DATA",
            ],
        ),
        mk_shim(
            "MADVISE.DONTNEED.PRIVATE_FILE_REREADS",
            breaks = [
                "MADVISE.DONTNEED.PRIVATE_FILE_REREADS",
            ],
        ),
        mk_shim(
            "MADVISE.DONTNEED.IGNORES_PROT_NONE",
            breaks = [
                "MADVISE.DONTNEED.IGNORES_PROT_NONE",
            ],
        ),
        mk_shim(
            "MADVISE.DONTNEED.HUGE_SUBRANGE_EXACT",
            breaks = [
                "MADVISE.DONTNEED.HUGE_SUBRANGE_EXACT",
            ],
        ),
        mk_shim("MADVISE.ARGS.UNALIGNED_EINVAL", breaks = ["MADVISE.ARGS.UNALIGNED_EINVAL"]),
        mk_shim("MADVISE.ARGS.LENGTH_ZERO_OK", breaks = ["MADVISE.ARGS.LENGTH_ZERO_OK"]),
        mk_shim(
            "MADVISE.ARGS.LENGTH_OVERFLOW_EINVAL",
            breaks = [
                "MADVISE.ARGS.LENGTH_OVERFLOW_EINVAL",
            ],
        ),
        mk_shim("MADVISE.ARGS.LENGTH_ROUNDED_UP", breaks = ["MADVISE.ARGS.LENGTH_ROUNDED_UP"]),
        mk_shim(
            "MADVISE.ARGS.UNKNOWN_ADVICE_EINVAL",
            breaks = [
                "MADVISE.ARGS.UNKNOWN_ADVICE_EINVAL",
            ],
        ),
        mk_shim("MADVISE.ARGS.HOLE_ENOMEM", breaks = ["MADVISE.ARGS.HOLE_ENOMEM"]),
        mk_shim("MADVISE.MLOCKED.DONTNEED_EINVAL", breaks = ["MADVISE.MLOCKED.DONTNEED_EINVAL"]),
        mk_shim("MADVISE.MLOCKED.REMOVE_EINVAL", breaks = ["MADVISE.MLOCKED.REMOVE_EINVAL"]),
        mk_shim("MADVISE.FREE.FILE_EINVAL", breaks = ["MADVISE.FREE.FILE_EINVAL"]),
        mk_shim(
            "MADVISE.WIPEONFORK.NOT_PRIVATE_ANON_EINVAL",
            breaks = [
                "MADVISE.WIPEONFORK.NOT_PRIVATE_ANON_EINVAL",
            ],
        ),
        mk_shim(
            "MADVISE.REMOVE.PRIVATE_ANON_EINVAL",
            breaks = [
                "MADVISE.REMOVE.PRIVATE_ANON_EINVAL",
            ],
        ),
        mk_shim("MADVISE.ADVICE.ALL_ACCEPTED", breaks = ["MADVISE.ADVICE.ALL_ACCEPTED"]),
        mk_shim("MADVISE.DONTFORK.ABSENT_IN_CHILD", breaks = ["MADVISE.DONTFORK.ABSENT_IN_CHILD"]),
        mk_shim(
            "MADVISE.WIPEONFORK.CHILD_READS_ZERO",
            breaks = [
                "MADVISE.WIPEONFORK.CHILD_READS_ZERO",
            ],
        ),
        mk_shim("MADVISE.KEEPONFORK.UNDOES_WIPE", breaks = ["MADVISE.KEEPONFORK.UNDOES_WIPE"]),
        mk_shim("MADVISE.COLD_PAGEOUT.KEEP_DATA", breaks = ["MADVISE.COLD_PAGEOUT.KEEP_DATA"]),
        mk_shim(
            "MADVISE.POPULATE.PROT_MISMATCH_EINVAL",
            breaks = [
                "MADVISE.POPULATE.PROT_MISMATCH_EINVAL",
            ],
        ),
        mk_shim("MADVISE.POPULATE.HOLE_ENOMEM", breaks = ["MADVISE.POPULATE.HOLE_ENOMEM"]),
        mk_shim("MADVISE.POPULATE.MAKES_PRESENT", breaks = ["MADVISE.POPULATE.MAKES_PRESENT"]),
        mk_shim(
            "MADVISE.POPULATE.WRITE_SETS_SOFT_DIRTY",
            breaks = ["MADVISE.POPULATE.WRITE_SETS_SOFT_DIRTY"],
        ),
        mk_shim(
            "MADVISE.DONTNEED_LOCKED.ZEROES_LOCKED",
            breaks = [
                "MADVISE.DONTNEED_LOCKED.ZEROES_LOCKED",
            ],
        ),
        mk_shim("MADVISE.COLLAPSE.KEEPS_DATA", breaks = ["MADVISE.COLLAPSE.KEEPS_DATA"]),
        mk_shim(
            "MADVISE.GUARD.FAULTS_UNTIL_REMOVED",
            breaks = [
                "MADVISE.GUARD.FAULTS_UNTIL_REMOVED",
            ],
        ),
        mk_shim("MADVISE.REMOVE.SHARED_READS_ZERO", breaks = ["MADVISE.REMOVE.SHARED_READS_ZERO"]),
    ]
