"""Fault-injection shims: mk_shim builds one LD_PRELOAD library per broken semantic,
mk_shim_self_test runs the conformance report under each of them."""

load("//third_party/cross:arches.bzl", "on_32bit_abis")
load("//tools:copts.bzl", "MK_COPTS", "MK_C_COPTS", "MK_LARGE_FILE_COPTS")

# GNU extensions (RTLD_NEXT, MAP_FIXED_NOREPLACE, mremap); a shim exports only the
# libc functions it redefines (MK_INTERPOSE in shim.h), nothing of the helper. No
# _FILE_OFFSET_BITS: a shim defines libc's symbols (mmap and mmap64, ...) by their own
# names, which the large-file renaming of libc's headers would clash with.
MK_SHIM_COPTS = [c for c in MK_C_COPTS if c not in MK_LARGE_FILE_COPTS] + [
    "-D_GNU_SOURCE",
    "-fvisibility=hidden",
]

# A shim defines mmap() and makes mmap64 an alias of it (MK_ALIAS64), which is right where
# off_t has 64 bits anyway: on a 32-bit ABI mmap64 takes another type. The shims, and the
# self-test that loads them into the host's report, are for 64-bit ABIs.
MK_SHIM_COMPATIBLE = on_32bit_abis(["//tools:incompatible"], [])

def mk_shim(name, breaks):
    """Builds <name>.so from <name>.c and returns its entry for mk_shim_self_test.

    Args:
      name: the catalog ID the shim was written to break.
      breaks: every report row the report must FAIL under the shim, exactly: "ID" (all
        of its rows) or "ID@fs" (one row). Every other row keeps its plain-run result.
    """
    native.cc_binary(
        name = name + ".so",
        srcs = [name + ".c"],
        copts = MK_SHIM_COPTS,
        linkshared = True,
        target_compatible_with = MK_SHIM_COMPATIBLE,
        deps = [":shim"],
    )
    return struct(name = name, breaks = breaks)

def mk_shim_self_test(name, shims, unguarded, report, **kwargs):
    """A test that runs report plainly and under every shim (see self_test.cc).

    Args:
      name: the test's name.
      shims: what mk_shim returned, one per shim.
      unguarded: catalog IDs that no shim breaks on purpose (say why beside them).
      report: the report binary (dynamic against libc, so LD_PRELOAD applies).
      **kwargs: passed to cc_test (size, tags, ...).
    """
    args = ["--report=$(rootpath %s)" % report]
    for shim in shims:
        args.append("--shim=%s:$(rootpath :%s.so):%s" % (shim.name, shim.name, ",".join(shim.breaks)))
    for id in unguarded:
        args.append("--unguarded=" + id)

    # Each report under a sanitizer costs several times more: compare each shim's families
    # there, every row in the default configuration.
    collateral = select({
        "//conformance:sanitizer": ["--collateral=family"],
        "//conditions:default": ["--collateral=all"],
    })
    native.cc_test(
        name = name,
        srcs = ["self_test.cc"],
        copts = MK_COPTS,
        args = args + collateral,
        data = [report] + [":%s.so" % shim.name for shim in shims],
        target_compatible_with = MK_SHIM_COMPATIBLE,
        deps = [
            "//conformance:report_schema",
            "@com_google_googletest//:gtest",
        ],
        **kwargs
    )
