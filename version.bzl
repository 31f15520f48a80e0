"""The mmapkit version: the one place it is written.

Read by the shared library's file name and SONAME, mmapkit.pc, the man pages and the
.deb (//dist). The SONAME carries the major number: libmmapkit.so.2 for every 2.x.y.
Bump the major when the ABI breaks (a public function removed or changed, a public
struct or enum changed); the minor for additions; the patch for fixes.
"""

MMAPKIT_VERSION = "2.0.0"

# The part of the version the dynamic linker matches on (libmmapkit.so.<major>).
MMAPKIT_SOVERSION = MMAPKIT_VERSION.split(".")[0]
