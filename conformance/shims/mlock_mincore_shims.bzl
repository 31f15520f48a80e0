"""Fault-injection shims of the mlock_mincore family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def mlock_mincore_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
        mk_shim(
            "MINCORE.ANON_RESIDENT",
            breaks = [
                "MINCORE.ANON_RESIDENT",
                "MLOCK.MLOCK2_ONFAULT",  # reads residency with mincore
            ],
        ),
        mk_shim("MINCORE.BAD_VECTOR_EFAULT", breaks = ["MINCORE.BAD_VECTOR_EFAULT"]),
        mk_shim("MINCORE.FILE_PAGES_RESIDENT", breaks = ["MINCORE.FILE_PAGES_RESIDENT"]),
        mk_shim("MINCORE.HUGE_LENGTH_ENOMEM", breaks = ["MINCORE.HUGE_LENGTH_ENOMEM"]),
        mk_shim("MINCORE.LENGTH_ROUNDED_UP", breaks = ["MINCORE.LENGTH_ROUNDED_UP"]),
        mk_shim("MINCORE.LENGTH_ZERO_OK", breaks = ["MINCORE.LENGTH_ZERO_OK"]),
        mk_shim("MINCORE.UNALIGNED_EINVAL", breaks = ["MINCORE.UNALIGNED_EINVAL"]),
        mk_shim("MINCORE.UNMAPPED_ENOMEM", breaks = ["MINCORE.UNMAPPED_ENOMEM"]),
        mk_shim("MLOCK.DROPPABLE_NEVER_LOCKED", breaks = ["MLOCK.DROPPABLE_NEVER_LOCKED"]),
        mk_shim("MLOCK.FORK_NOT_INHERITED", breaks = ["MLOCK.FORK_NOT_INHERITED"]),
        mk_shim("MLOCK.HOLE_ENOMEM", breaks = ["MLOCK.HOLE_ENOMEM"]),
        mk_shim(
            "MLOCK.LOCKS_RANGE",
            breaks = [
                "MLOCK.LOCKS_RANGE",
                "MLOCK.FORK_NOT_INHERITED",
                "MLOCK.ONFAULT_COUNTED_ONCE",  # the mlock after mlock2(MLOCK_ONFAULT) unlocks
                "MLOCK.UNALIGNED_OK",
                "MUNLOCK.SPLITS_AND_MERGES_VMA",
                "MUNLOCK.UNLOCKS",
            ],
        ),
        mk_shim("MLOCK.ONFAULT_COUNTED_ONCE", breaks = ["MLOCK.ONFAULT_COUNTED_ONCE"]),
        mk_shim("MLOCK.PROT_NONE_ENOMEM", breaks = ["MLOCK.PROT_NONE_ENOMEM"]),
        mk_shim("MLOCK.RLIMIT_EXCEEDED_ENOMEM", breaks = ["MLOCK.RLIMIT_EXCEEDED_ENOMEM"]),
        mk_shim("MLOCK.RLIMIT_ZERO_EPERM", breaks = ["MLOCK.RLIMIT_ZERO_EPERM"]),
        mk_shim("MLOCK.SHARED_WRITE_ONLY_OK", breaks = ["MLOCK.SHARED_WRITE_ONLY_OK"]),
        mk_shim("MLOCK.UNALIGNED_OK", breaks = ["MLOCK.UNALIGNED_OK"]),
        mk_shim("MLOCK.MLOCK2_NO_FLAGS_LOCKS", breaks = ["MLOCK.MLOCK2_NO_FLAGS_LOCKS"]),
        mk_shim("MLOCK.MLOCK2_ONFAULT", breaks = ["MLOCK.MLOCK2_ONFAULT"]),
        mk_shim("MLOCK.MLOCK2_UNKNOWN_FLAGS_EINVAL", breaks = ["MLOCK.MLOCK2_UNKNOWN_FLAGS_EINVAL"]),
        mk_shim("MLOCKALL.BAD_FLAGS_EINVAL", breaks = ["MLOCKALL.BAD_FLAGS_EINVAL"]),
        mk_shim("MLOCKALL.FUTURE", breaks = ["MLOCKALL.FUTURE"]),
        mk_shim("MUNLOCK.SPLITS_AND_MERGES_VMA", breaks = ["MUNLOCK.SPLITS_AND_MERGES_VMA"]),
        mk_shim(
            "MUNLOCK.UNLOCKS",
            breaks = [
                "MUNLOCK.UNLOCKS",
                # both unlock with munlock and check the result
                "MLOCK.UNALIGNED_OK",
                "MUNLOCK.SPLITS_AND_MERGES_VMA",
            ],
        ),
    ]
