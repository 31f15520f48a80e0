"""Compiler flags shared by every mmapkit target (our code only, not third_party)."""

# Warnings are errors in our code: gcc in the default config, clang in asan/fuzz.
_WARNINGS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    "-Wshadow",
    "-Wno-unused-parameter",
]

# A 64-bit off_t on 32-bit ABIs too (armhf, i686): files over 2 GiB, and no offset
# silently truncated to 32 bits. Harmless where off_t is 64-bit anyway.
MK_LARGE_FILE_COPTS = ["-D_FILE_OFFSET_BITS=64"]

MK_COPTS = _WARNINGS + MK_LARGE_FILE_COPTS

# C code also gets -Wstrict-prototypes (C only: it is not valid for C++).
MK_C_COPTS = MK_COPTS + [
    "-Wstrict-prototypes",
    "-Wmissing-prototypes",
]
