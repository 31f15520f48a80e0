"""Fault-injection shims of the munmap family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def munmap_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
        mk_shim(
            "MUNMAP.ARGS.BEYOND_ADDRESS_SPACE_EINVAL",
            breaks = ["MUNMAP.ARGS.BEYOND_ADDRESS_SPACE_EINVAL"],
        ),
    ]
