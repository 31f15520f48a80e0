"""Fault-injection shims of the mlock_mincore family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def mlock_mincore_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
    ]
