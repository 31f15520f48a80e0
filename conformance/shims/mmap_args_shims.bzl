"""Fault-injection shims of the mmap_args family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def mmap_args_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
    ]
