"""A cross C/C++ toolchain per foreign architecture from Debian's gcc-<triple> packages.

Bazel's own cc_autoconf does the work (include directories, linker features) with every
tool replaced by /usr/bin/<triple>-<tool>, the way //third_party/clang replaces gcc by
clang. Each architecture gets its own repository, selected by --config=<arch> in
.bazelrc (crosstool_top + platform_suffix), so configs coexist without rebuilds.

When the cross compiler is not installed the repository still configures, with every
tool replaced by a script that fails naming the Debian package: only the cross actions
fail, and `bazel build //...` on a machine without them says exactly what is missing.
"""

load("@bazel_tools//tools/cpp:cc_configure.bzl", "cc_autoconf_impl")

# The tools cc_autoconf looks up; each is /usr/bin/<triple>-<tool> in Debian's packages.
_TOOLS = ["gcc", "cpp", "ar", "ld", "nm", "objcopy", "objdump", "strip", "gcov", "dwp"]

_MISSING_TOOL = """#!/bin/sh
if [ -x "{gcc}" ]; then
  echo "ERROR: {gcc} was installed after Bazel configured @{repo}: run 'bazel sync --configure', then build again" >&2
else
  echo "ERROR: cross compiler {gcc} not found: --config={arch} needs the Debian package {package} (tools/bootstrap.sh installs it; or apt-get install {package}), then run 'bazel sync --configure'" >&2
fi
exit 1
"""

def _cross_autoconf_impl(rctx):
    triple = rctx.attr.triple
    gcc = "/usr/bin/%s-gcc" % triple
    if rctx.path(gcc).exists:
        tools = {tool: "/usr/bin/%s-%s" % (triple, tool) for tool in _TOOLS}
    else:
        rctx.file("missing_cross_compiler.sh", _MISSING_TOOL.format(
            gcc = gcc,
            repo = rctx.name,
            arch = rctx.attr.arch,
            package = rctx.attr.package,
        ), executable = True)
        stub = str(rctx.path("missing_cross_compiler.sh"))
        tools = {tool: stub for tool in _TOOLS}
    cc_autoconf_impl(rctx, overriden_tools = tools)

    # cc_autoconf adds -B<dir of gcc> so gcc finds the host's ld next to it; for a cross
    # gcc in /usr/bin that would be the x86-64 ld. Cross gcc finds its own ld without it.
    build = rctx.read("BUILD")
    rctx.file("BUILD", build.replace('"-B/usr/bin",', ""))

cross_autoconf = repository_rule(
    implementation = _cross_autoconf_impl,
    attrs = {
        "arch": attr.string(mandatory = True),
        "triple": attr.string(mandatory = True),
        "package": attr.string(mandatory = True),
    },
    environ = ["PATH", "BAZEL_CXXOPTS", "BAZEL_LINKOPTS", "BAZEL_LINKLIBS"],
    configure = True,
)
