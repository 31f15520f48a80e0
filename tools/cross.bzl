"""cross_binary: a binary built for a foreign architecture, usable from any configuration.

    cross_binary(name = "report_static_aarch64", arch = "aarch64", binary = ":report_static")

builds :report_static with the aarch64 cross toolchain (the toolchain and output directory
suffix of `--config=aarch64`) whatever configuration the depending target is built in, so
a default-config sh_test can run it under qemu-aarch64 or in a VM. The target's one file is
that binary (a symlink to it); $(rootpath ...) names it.

The sanitizer configurations (--config=asan, fuzz) add compiler flags a cross gcc and a
static link cannot take: give the target, and the tests that run it,
target_compatible_with = select({<a sanitizer config_setting>: ["//tools:incompatible"],
"//conditions:default": []}) so that `bazel test --config=asan //...` skips them.
"""

load("//third_party/cross:arches.bzl", "ARCHES", "cross_repository_name")

def _to_arch_impl(settings, attr):
    arch = attr.arch
    if arch not in ARCHES:
        fail("cross_binary: unknown arch '%s'; known: %s (third_party/cross/arches.bzl)" % (
            arch,
            ", ".join(sorted(ARCHES.keys())),
        ))
    return {
        "//command_line_option:crosstool_top": "@%s//:toolchain" % cross_repository_name(arch),
        "//command_line_option:platform_suffix": "-" + arch,
    }

_to_arch = transition(
    implementation = _to_arch_impl,
    inputs = [],
    outputs = [
        "//command_line_option:crosstool_top",
        "//command_line_option:platform_suffix",
    ],
)

def _cross_binary_impl(ctx):
    built = ctx.attr.binary[0][DefaultInfo].files.to_list()
    if len(built) != 1:
        fail("cross_binary %s: %s must produce exactly one file" % (ctx.label, ctx.attr.binary[0].label))
    out = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.symlink(output = out, target_file = built[0])
    return [DefaultInfo(files = depset([out]), runfiles = ctx.runfiles(files = [out]))]

cross_binary = rule(
    implementation = _cross_binary_impl,
    doc = "The binary built for arch (see the module docstring).",
    attrs = {
        "arch": attr.string(mandatory = True, doc = "a key of ARCHES (third_party/cross/arches.bzl)"),
        "binary": attr.label(mandatory = True, cfg = _to_arch),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
)
