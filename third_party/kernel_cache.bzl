"""@kernel_cache: the kernel cache of tools/kernel-cache.sh as a Bazel input.

The cache lives outside the workspace (/var/cache/mmapkit/kernel, or
$MMAPKIT_KERNEL_CACHE). Tests that boot a cached kernel list
"@kernel_cache//:stamp" in their data: a symlink to the cache's stamp file, which
lists every cached kernel and busybox and is rewritten whenever one is added.
Bazel checks files outside the workspace for changes on every build, so when
tools/bootstrap.sh fetches a new Debian kernel those tests run again instead
of serving a cached PASS.
"""

def _kernel_cache_impl(rctx):
    script = rctx.path(Label("//tools:kernel-cache.sh"))
    res = rctx.execute(["bash", str(script), "stamp"])
    stamp = res.stdout.strip()
    if res.return_code != 0 or not stamp:
        fail("tools/kernel-cache.sh stamp failed: " + res.stderr)
    if rctx.path(stamp).exists:
        rctx.symlink(stamp, "stamp")
    else:
        # The cache cannot be created here (not writable): the tests then
        # say what to do; this stub only keeps the build going.
        rctx.file("stamp", "no kernel cache at %s: run tools/bootstrap.sh\n" % stamp)
    rctx.file("BUILD.bazel", 'exports_files(["stamp"], visibility = ["//visibility:public"])\n')

kernel_cache = repository_rule(
    implementation = _kernel_cache_impl,
    # Where the cache is (tools/kernel-cache.sh dir): refetch when these change.
    environ = [
        "MMAPKIT_KERNEL_CACHE",
        "XDG_CACHE_HOME",
        "HOME",
    ],
    local = True,
)
