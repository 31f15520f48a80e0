"""Fault-injection shims of the mmap_flags family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def mmap_flags_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
    ]
