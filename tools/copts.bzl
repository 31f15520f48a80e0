"""Compiler flags shared by every mmapkit target (our code only, not third_party)."""

# Warnings are errors in our code: gcc in the default config, clang in asan/fuzz.
MK_COPTS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wshadow",
    "-Wno-unused-parameter",
]

# C code also gets -Wstrict-prototypes (C only: it is not valid for C++).
MK_C_COPTS = MK_COPTS + [
    "-Wstrict-prototypes",
    "-Wmissing-prototypes",
]
