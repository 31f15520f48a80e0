"""cc_fuzz_test: an offline stand-in for rules_fuzzing's macro of the same name.

    cc_fuzz_test(
        name = "copy_range",
        srcs = ["harnesses/copy_range/copy_range_fuzzer.c"],   # defines LLVMFuzzerTestOneInput
        corpus = glob(["harnesses/copy_range/corpus/*"]),      # hand-made seeds (at least one)
        crashers = glob(["harnesses/copy_range/crashers/*"]),  # reproducers of fixed bugs
        dict = "harnesses/copy_range/copy_range.dict",
        options = "harnesses/copy_range/copy_range.options",   # [libfuzzer] max_len = ...
        deps = ["//core:mmapkit"],
        plants = "planted/copy_range_plants.c",                # planted bugs (required)
        plant_wraps = ["mk_copy_range"],                       # the functions they wrap
        selfcheck_runs = 2000,
        selfcheck_tags = [],                                   # e.g. "no_tsan" (say why)
    )

makes
  copy_range          cc_test: replays every seed and crasher once through the harness
                      (plain, --config=asan and --config=fuzz alike). Part of //fuzz/...
  copy_range_fuzz     cc_binary. Under --config=fuzz a libFuzzer binary (ASan + UBSan);
                      in any other config the same replay program as the test.
  copy_range_run      `bazel run --config=fuzz //fuzz:copy_range_run -- [--time SEC] [-- libFuzzer flags]`:
                      fuzzes with the dictionary and options, keeping its corpus and crashes
                      in $FUZZ_WORKDIR/copy_range (default ~/.cache/mmapkit/fuzz/copy_range).
  copy_range_selfcheck  cc_test: the harness on selfcheck_runs generated inputs must pass, and
                      must fail within them on each planted bug (fuzz/common/plant.h), so a
                      harness that goes blind is noticed. Part of //fuzz/...
  copy_range_harness  cc_library (alwayslink) holding the harness, shared by the above.
  copy_range_plants   cc_library: the planted bugs, linked with -Wl,--wrap for plant_wraps.
  copy_range_seeds, copy_range_crashers   filegroups.
"""

load("//tools:copts.bzl", "MK_C_COPTS")

# The calls fuzz/common/io_faults.c wraps (each NAME has a __wrap_NAME there): linked with
# -Wl,--wrap=NAME into every harness that depends on //fuzz:io_faults.
IO_FAULT_WRAPS = [
    "read",
    "write",
    "pread",
    "pwrite",
    "pread64",
    "pwrite64",
    "ftruncate",
    "ftruncate64",
    "fallocate",
    "fallocate64",
    "mmap",
    "mmap64",
    "fsync",
    "close",
    "rename",
    "fstatfs",
    "fstatfs64",
]

def cc_fuzz_test(
        name,
        srcs,
        corpus,
        dict,
        options,
        plants,
        plant_wraps,
        crashers = [],
        deps = [],
        copts = [],
        size = "small",
        selfcheck_runs = 2000,
        selfcheck_tags = []):
    if not corpus:
        fail("cc_fuzz_test %s: the seed corpus is empty (a glob typo?)" % name)
    if not plants or not plant_wraps:
        fail("cc_fuzz_test %s: every harness needs planted bugs (plants, plant_wraps)" % name)
    native.cc_library(
        name = name + "_harness",
        srcs = srcs,
        copts = MK_C_COPTS + copts,
        deps = deps + ["//fuzz:common"],
        # Nothing references LLVMFuzzerTestOneInput until main (ours or libFuzzer's) is linked.
        alwayslink = True,
    )
    native.filegroup(name = name + "_seeds", srcs = corpus)
    native.filegroup(name = name + "_crashers", srcs = crashers)

    native.cc_test(
        name = name,
        size = size,
        deps = [":" + name + "_harness", "//fuzz:replay_main"],
        # The library linked into the test itself, like into the fuzzer: the link-time I/O
        # wrappers (-Wl,--wrap) reach only the objects linked into the executable.
        linkstatic = True,
        data = [":" + name + "_seeds", ":" + name + "_crashers"],
        # $(rootpaths) of an empty filegroup is an error, and crashers/ is often empty.
        args = ["$(rootpaths :%s_seeds)" % name] + (["$(rootpaths :%s_crashers)" % name] if crashers else []),
    )

    native.cc_library(
        name = name + "_plants",
        srcs = [plants],
        copts = MK_C_COPTS + copts,
        deps = deps + ["//fuzz:common", "//fuzz:plant"],
        linkopts = ["-Wl,--wrap=" + f for f in plant_wraps],
        alwayslink = True,
    )
    native.cc_test(
        name = name + "_selfcheck",
        size = size,
        deps = [":" + name + "_harness", ":" + name + "_plants", "//fuzz:selfcheck_main"],
        data = [":" + name + "_seeds", dict, options],
        linkstatic = True,
        tags = selfcheck_tags,
        args = [
            "--runs",
            str(selfcheck_runs),
            "--options",
            "$(rootpath %s)" % options,
            "--dict",
            "$(rootpath %s)" % dict,
            "$(rootpaths :%s_seeds)" % name,
        ],
    )

    native.cc_binary(
        name = name + "_fuzz",
        deps = [":" + name + "_harness"] + select({
            "//fuzz:libfuzzer_engine": [],
            "//conditions:default": ["//fuzz:replay_main"],
        }),
        linkopts = select({
            "//fuzz:libfuzzer_engine": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        tags = ["fuzz_target"],
    )

    native.sh_binary(
        name = name + "_run",
        srcs = ["//fuzz:run_fuzzer.sh"],
        data = [":" + name + "_fuzz", ":" + name + "_seeds", dict, options, "//tools:libfuzzer_options.sh"],
        args = [
            "--name",
            name,
            "--binary",
            "$(rootpath :%s_fuzz)" % name,
            "--dict",
            "$(rootpath %s)" % dict,
            "--options",
            "$(rootpath %s)" % options,
            "--engine",
        ] + select({
            "//fuzz:libfuzzer_engine": ["libfuzzer"],
            "//conditions:default": ["replay"],
        }) + ["--seed-dir=" + d for d in _dirs(corpus)],
    )

def _dirs(files):
    """Runfiles paths of the directories holding files (package-relative names)."""
    dirs = {}
    for f in files:
        dirs[native.package_name() + "/" + f.rpartition("/")[0]] = True
    return sorted(dirs.keys())
