// conformance/catalog/sources.h - where the catalog's statements come from:
// POSIX.1-2017 (XSH, Issue 7, 2018 edition), the Linux man pages and kernel
// source, and mmapkit's own contracts (paths in the repository). Shared by
// every table under catalog/; a family adds its own sources here.
#ifndef MMAPKIT_CONFORMANCE_CATALOG_SOURCES_H_
#define MMAPKIT_CONFORMANCE_CATALOG_SOURCES_H_

#include "conformance/catalog/catalog.h"

namespace mk_conformance {
namespace sources {

#define MK_POSIX_BASE "https://pubs.opengroup.org/onlinepubs/9699919799/functions/"
inline constexpr const char *kPosixMmap = MK_POSIX_BASE "mmap.html";
inline constexpr const char *kPosixMunmap = MK_POSIX_BASE "munmap.html";
inline constexpr const char *kPosixMprotect = MK_POSIX_BASE "mprotect.html";
inline constexpr const char *kPosixMsync = MK_POSIX_BASE "msync.html";
inline constexpr const char *kPosixFork = MK_POSIX_BASE "fork.html";
inline constexpr const char *kPosixMemProt = MK_POSIX_BASE "V2_chap02.html#tag_15_08_03_03";
inline constexpr const char *kPosixSignal =
    "https://pubs.opengroup.org/onlinepubs/9699919799/basedefs/signal.h.html";
inline constexpr const char *kLinuxMmap = "https://man7.org/linux/man-pages/man2/mmap.2.html";
inline constexpr const char *kLinuxMsync = "https://man7.org/linux/man-pages/man2/msync.2.html";
inline constexpr const char *kLinuxMremap = "https://man7.org/linux/man-pages/man2/mremap.2.html";
inline constexpr const char *kLinuxWrite = "https://man7.org/linux/man-pages/man2/write.2.html";
inline constexpr const char *kCoreCopy = "core/include/mmapkit/copy.h";
inline constexpr const char *kCoreChannel = "core/include/mmapkit/channel.h";
inline constexpr const char *kLinuxDoMmap =
    "https://github.com/torvalds/linux/blob/master/mm/mmap.c";
#undef MK_POSIX_BASE

// Short names for the levels, for the tables' one-line entries.
inline constexpr Level P = Level::kPosix;
inline constexpr Level L = Level::kLinux;
inline constexpr Level I = Level::kImpl;

}  // namespace sources
}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CATALOG_SOURCES_H_
