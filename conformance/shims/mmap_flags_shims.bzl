"""Fault-injection shims of the mmap_flags family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def mmap_flags_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
        mk_shim("MMAP.POPULATE.PAST_EOF_OK", breaks = ["MMAP.POPULATE.PAST_EOF_OK"]),
        mk_shim(
            "MMAP.POPULATE.PREFAULTS",
            breaks = [
                "MMAP.POPULATE.PREFAULTS",
                "MMAP.POPULATE.PRIVATE_COPIES",  # no populate, no early copy either
            ],
        ),
        mk_shim("MMAP.POPULATE.PRIVATE_COPIES", breaks = ["MMAP.POPULATE.PRIVATE_COPIES"]),
        mk_shim("MMAP.LOCKED.LOCKS", breaks = ["MMAP.LOCKED.LOCKS"]),
        mk_shim("MMAP.LOCKED.RLIMIT_ZERO_EPERM", breaks = ["MMAP.LOCKED.RLIMIT_ZERO_EPERM"]),
        mk_shim("MMAP.LOCKED.RLIMIT_EAGAIN", breaks = ["MMAP.LOCKED.RLIMIT_EAGAIN"]),
        mk_shim(
            "MMAP.LOCKED.MLOCKALL_FUTURE_EAGAIN",
            breaks = ["MMAP.LOCKED.MLOCKALL_FUTURE_EAGAIN"],
        ),
        mk_shim("MMAP.GROWSDOWN.GROWS", breaks = ["MMAP.GROWSDOWN.GROWS"]),
        mk_shim("MMAP.GROWSDOWN.GUARD_GAP_SIGSEGV", breaks = ["MMAP.GROWSDOWN.GUARD_GAP_SIGSEGV"]),
        mk_shim("MMAP.GROWSDOWN.SHARED_EINVAL", breaks = ["MMAP.GROWSDOWN.SHARED_EINVAL"]),
        mk_shim(
            "MMAP.EOF.TRUNCATE_PRIVATE_COPY_SIGBUS",
            breaks = ["MMAP.EOF.TRUNCATE_PRIVATE_COPY_SIGBUS"],
        ),
        mk_shim("MMAP.SHARED.SELF_READ_WRITE", breaks = ["MMAP.SHARED.SELF_READ_WRITE"]),
        mk_shim(
            "MMAP.PRIVATE.SYSCALL_STORE_UNSHARES",
            breaks = ["MMAP.PRIVATE.SYSCALL_STORE_UNSHARES"],
        ),
        mk_shim("MMAP.SHARED.STORE_MARKS_MTIME", breaks = ["MMAP.SHARED.STORE_MARKS_MTIME"]),
    ]
