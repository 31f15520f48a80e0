"""Fault-injection shims of the mprotect_msync family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def mprotect_msync_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
        mk_shim(
            "MPROTECT.PRESENT.NONE_LOAD_SIGSEGV",
            breaks = [
                "MPROTECT.PRESENT.NONE_LOAD_SIGSEGV",
                # PROT_NONE pages are gone: mprotect() back to PROT_READ|PROT_WRITE fails.
                "MPROTECT.NONE_AND_BACK",
                "MPROTECT.RANGE.SEVERAL_MAPPINGS_OK",
            ],
        ),
        mk_shim(
            "MPROTECT.PRESENT.READONLY_STORE_SIGSEGV",
            breaks = ["MPROTECT.PRESENT.READONLY_STORE_SIGSEGV"],
        ),
        mk_shim("MPROTECT.ARGS.HUGE_LENGTH_ENOMEM", breaks = ["MPROTECT.ARGS.HUGE_LENGTH_ENOMEM"]),
        mk_shim(
            "MPROTECT.RANGE.SEVERAL_MAPPINGS_OK",
            breaks = ["MPROTECT.RANGE.SEVERAL_MAPPINGS_OK"],
        ),
        mk_shim(
            "MPROTECT.ARGS.UNKNOWN_PROT_EINVAL",
            breaks = ["MPROTECT.ARGS.UNKNOWN_PROT_EINVAL"],
        ),
        mk_shim("MPROTECT.NOEXEC.ADD_EXEC_EACCES", breaks = ["MPROTECT.NOEXEC.ADD_EXEC_EACCES"]),
        mk_shim(
            "MSYNC.MAPPING_TYPES_OK",
            breaks = ["MSYNC.MAPPING_TYPES_OK"],
        ),
        mk_shim(
            "MSYNC.ARGS.ZERO_LENGTH_UNMAPPED_OK",
            breaks = ["MSYNC.ARGS.ZERO_LENGTH_UNMAPPED_OK"],
        ),
        mk_shim("MSYNC.ARGS.UNALIGNED_LENGTH_OK", breaks = ["MSYNC.ARGS.UNALIGNED_LENGTH_OK"]),
        mk_shim("MSYNC.ARGS.UNKNOWN_FLAG_EINVAL", breaks = ["MSYNC.ARGS.UNKNOWN_FLAG_EINVAL"]),
        mk_shim(
            "MSYNC.INVALIDATE_OK",
            breaks = [
                "MSYNC.INVALIDATE_OK",
                "MSYNC.MAPPING_TYPES_OK",  # syncs each mapping with MS_INVALIDATE too
            ],
        ),
        mk_shim("MSYNC.INVALIDATE_LOCKED_EBUSY", breaks = ["MSYNC.INVALIDATE_LOCKED_EBUSY"]),
    ]
