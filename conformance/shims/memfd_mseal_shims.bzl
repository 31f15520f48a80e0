"""Fault-injection shims of the memfd_mseal family's catalog rows (see BUILD.bazel)."""

load(":shims.bzl", "mk_shim")

def memfd_mseal_shims():
    """Each shim of the family and every report row it must FAIL, as in BUILD.bazel."""
    return [
    ]
