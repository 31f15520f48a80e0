"""Fault-injection shims of the mprotect_msync family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def mprotect_msync_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
    ]
