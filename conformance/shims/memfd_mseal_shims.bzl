"""Fault-injection shims of the memfd_mseal family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def memfd_mseal_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
        mk_shim("MEMFD.SEAL.REJECTED_ADDS_NONE", breaks = ["MEMFD.SEAL.REJECTED_ADDS_NONE"]),
        mk_shim("MEMFD.SEAL_FUTURE_WRITE.SHARED_WRITE_EPERM", breaks = ["MEMFD.SEAL_FUTURE_WRITE.SHARED_WRITE_EPERM"]),
        mk_shim("MEMFD.SEAL_WRITE.PRIVATE_MAPPING_OK", breaks = ["MEMFD.SEAL_WRITE.PRIVATE_MAPPING_OK"]),
        mk_shim("MEMFD.SEAL_WRITE.PRIVATE_OK", breaks = ["MEMFD.SEAL_WRITE.PRIVATE_OK"]),
        mk_shim(
            "MEMFD.SEAL_WRITE.SHARED_MAPPING_EBUSY",
            breaks = [
                "MEMFD.SEAL_WRITE.SHARED_MAPPING_EBUSY",
                # needs the EBUSY refusal to see what a refused request leaves behind
                "MEMFD.SEAL.REJECTED_ADDS_NONE",
            ],
        ),
        mk_shim("MEMFD.SEAL_WRITE.SHARED_READ_NO_WRITE", breaks = ["MEMFD.SEAL_WRITE.SHARED_READ_NO_WRITE"]),
        mk_shim("MEMFD.SEAL_WRITE.SHARED_WRITE_EPERM", breaks = ["MEMFD.SEAL_WRITE.SHARED_WRITE_EPERM"]),
        mk_shim("MSEAL.ARGS.INVALID_EINVAL", breaks = ["MSEAL.ARGS.INVALID_EINVAL"]),
        mk_shim("MSEAL.ARGS.UNMAPPED_ENOMEM", breaks = ["MSEAL.ARGS.UNMAPPED_ENOMEM"]),
        mk_shim("MSEAL.BLOCKS_CHANGES", breaks = ["MSEAL.BLOCKS_CHANGES"]),
    ]
