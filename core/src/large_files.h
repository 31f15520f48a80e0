/* large_files.h (private) - every core source that passes file offsets to the
 * kernel includes this: it stops a build whose off_t is 32 bits (a 32-bit ABI
 * without -D_FILE_OFFSET_BITS=64, which tools/copts.bzl sets), where offsets
 * past 2 GiB would be truncated silently. */
#ifndef MMAPKIT_LARGE_FILES_H
#define MMAPKIT_LARGE_FILES_H

#include <sys/types.h>

_Static_assert(sizeof(off_t) == 8,
               "mmapkit needs a 64-bit off_t: compile with -D_FILE_OFFSET_BITS=64 "
               "(see tools/copts.bzl)");

#endif /* MMAPKIT_LARGE_FILES_H */
