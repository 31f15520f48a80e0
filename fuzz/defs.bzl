"""cc_fuzz_test: an offline stand-in for rules_fuzzing's macro of the same name.

    cc_fuzz_test(
        name = "copy_range",
        srcs = ["harnesses/copy_range/copy_range_fuzzer.c"],   # defines LLVMFuzzerTestOneInput
        corpus = glob(["harnesses/copy_range/corpus/*"]),      # hand-made seeds (at least one)
        crashers = glob(["harnesses/copy_range/crashers/*"]),  # reproducers of fixed bugs
        dict = "harnesses/copy_range/copy_range.dict",
        options = "harnesses/copy_range/copy_range.options",   # [libfuzzer] max_len = ...
        deps = ["//core:mmapkit"],
    )

makes
  copy_range          cc_test: replays every seed and crasher once through the harness
                      (plain, --config=asan and --config=fuzz alike). Part of //fuzz/...
  copy_range_fuzz     cc_binary. Under --config=fuzz a libFuzzer binary (ASan + UBSan);
                      in any other config the same replay program as the test.
  copy_range_run      `bazel run --config=fuzz //fuzz:copy_range_run -- [--time SEC] [-- libFuzzer flags]`:
                      fuzzes with the dictionary and options, keeping its corpus and crashes
                      in $FUZZ_WORKDIR/copy_range (default ~/.cache/mmapkit/fuzz/copy_range).
  copy_range_harness  cc_library (alwayslink) holding the harness, shared by the above.
  copy_range_seeds, copy_range_crashers   filegroups.
"""

load("//tools:copts.bzl", "MK_C_COPTS")

def cc_fuzz_test(name, srcs, corpus, dict, options, crashers = [], deps = [], copts = [], size = "small"):
    if not corpus:
        fail("cc_fuzz_test %s: the seed corpus is empty (a glob typo?)" % name)
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
        data = [":" + name + "_seeds", ":" + name + "_crashers"],
        # $(rootpaths) of an empty filegroup is an error, and crashers/ is often empty.
        args = ["$(rootpaths :%s_seeds)" % name] + (["$(rootpaths :%s_crashers)" % name] if crashers else []),
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
        data = [":" + name + "_fuzz", ":" + name + "_seeds", dict, options],
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
