// The catalog's rows for mmap() behaviour flags and limits (MAP_POPULATE, MAP_LOCKED,
// MAP_NORESERVE, MAP_GROWSDOWN, RLIMIT_AS), end of file, sharing, timestamps. Each entry's check is
// declared in conformance/checks/mmap_flags.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/mmap_flags.h"

namespace mk_conformance {

using namespace sources;  // NOLINT: the table reads as prose

namespace {

constexpr const char *kKselftestMapPopulate =
    "https://github.com/torvalds/linux/blob/master/tools/testing/selftests/mm/map_populate.c";
constexpr const char *kLinuxMlock = "https://man7.org/linux/man-pages/man2/mlock.2.html";
constexpr const char *kLinuxStackGuardGap =
    "https://www.kernel.org/doc/html/latest/admin-guide/kernel-parameters.html";
constexpr const char *kLinuxTruncate =
    "https://github.com/torvalds/linux/blob/master/mm/truncate.c";
constexpr const char *kPosixRead =
    "https://pubs.opengroup.org/onlinepubs/9699919799/functions/read.html";

}  // namespace

const std::vector<CatalogEntry> &MmapFlagsEntries() {
  static const std::vector<CatalogEntry> table = {
      // --- MAP_POPULATE ---------------------------------------------------------------------
      {"MMAP.POPULATE.PAST_EOF_OK",
       "mmap(MAP_SHARED|MAP_POPULATE) of a range reaching past EOF succeeds, shows the file's "
       "bytes and leaves the file unchanged",
       "Linux mmap(2) MAP_POPULATE", kLinuxMmap, L, kOnFiles, ExpectSuccess(),
       CheckPopulatePastEof},
      {"MMAP.POPULATE.PREFAULTS",
       "right after mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_POPULATE) every page is resident "
       "(mincore), before any access",
       "Linux mmap(2) MAP_POPULATE", kLinuxMmap, L, kOnAnon, ExpectSuccess(),
       CheckPopulatePrefaults},
      {"MMAP.POPULATE.PRIVATE_COPIES",
       "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_POPULATE) of a file copies the pages at once: "
       "a later store through a MAP_SHARED mapping of the file does not show in it",
       "Linux kselftest mm/map_populate.c", kKselftestMapPopulate, L, kOnFiles, ExpectSuccess(),
       CheckPopulatePrivateCopies},

      // --- MAP_LOCKED, RLIMIT_MEMLOCK -------------------------------------------------------
      {"MMAP.LOCKED.LOCKS",
       "mmap(MAP_LOCKED) succeeds and locks the range: resident at once, and "
       "msync(MS_INVALIDATE) of it fails with EBUSY",
       "Linux mmap(2) MAP_LOCKED", kLinuxMmap, L, kOnAnon, ExpectSuccess(), CheckLockedLocks},
      {"MMAP.LOCKED.RLIMIT_ZERO_EPERM",
       "mmap(MAP_LOCKED) with RLIMIT_MEMLOCK 0 and without CAP_IPC_LOCK fails with EPERM",
       "Linux mlock(2) ERRORS (EPERM), mm/mlock.c can_do_mlock()", kLinuxMlock, L, kOnAnon,
       ExpectErrno(EPERM), CheckLockedLimitZero},
      {"MMAP.LOCKED.RLIMIT_EAGAIN",
       "mmap(MAP_LOCKED) beyond RLIMIT_MEMLOCK (without CAP_IPC_LOCK) fails with EAGAIN",
       "Linux mmap(2) ERRORS (EAGAIN)", kLinuxMmap, L, kOnAnon, ExpectErrno(EAGAIN),
       CheckLockedLimitExceeded},
      {"MMAP.LOCKED.MLOCKALL_FUTURE_EAGAIN",
       "after mlockall(MCL_FUTURE), also with MCL_ONFAULT, an mmap() that would lock more than "
       "RLIMIT_MEMLOCK allows (without CAP_IPC_LOCK) fails with EAGAIN",
       "POSIX.1-2017 mmap() ERRORS (EAGAIN, mlockall)", kPosixMmap, P, kOnAnon, ExpectErrno(EAGAIN),
       CheckMlockallFutureLimit},

      // --- MAP_GROWSDOWN --------------------------------------------------------------------
      {"MMAP.GROWSDOWN.GROWS",
       "a store to the byte just below a MAP_GROWSDOWN mapping with free address space below "
       "grows the mapping and succeeds",
       "Linux mmap(2) MAP_GROWSDOWN", kLinuxMmap, L, kOnAnon, ExpectSuccess(), CheckGrowsDownGrows},
      {"MMAP.GROWSDOWN.GUARD_GAP_SIGSEGV",
       "a MAP_GROWSDOWN mapping does not grow into the guard gap (stack_guard_gap) of a mapping "
       "below it: a store just below raises SIGSEGV (SEGV_MAPERR)",
       "Linux kernel-parameters stack_guard_gap, mm/mmap.c expand_downwards()", kLinuxStackGuardGap,
       L, kOnAnon, ExpectSignal(SIGSEGV, SEGV_MAPERR), CheckGrowsDownGuardGap},
      {"MMAP.GROWSDOWN.SHARED_EINVAL",
       "mmap(MAP_SHARED|MAP_ANONYMOUS|MAP_GROWSDOWN) fails with EINVAL",
       "Linux mm/mmap.c do_mmap()", kLinuxDoMmap, L, kOnAnon, ExpectErrno(EINVAL),
       CheckGrowsDownShared},

      // --- end of file ----------------------------------------------------------------------
      {"MMAP.EOF.TRUNCATE_PRIVATE_COPY_SIGBUS",
       "after ftruncate() shrinks the file below a MAP_PRIVATE page the process already copied "
       "on write, a load from that page raises SIGBUS (BUS_ADRERR): the private copy is dropped "
       "too",
       "Linux mm/truncate.c truncate_pagecache()", kLinuxTruncate, L, kOnFiles,
       ExpectSignal(SIGBUS, BUS_ADRERR), CheckTruncateDropsPrivateCopy},

      // --- syscalls on mapped memory, timestamps --------------------------------------------
      {"MMAP.SHARED.SELF_READ_WRITE",
       "write() from and read() into a MAP_SHARED mapping of the same file move the whole count "
       "and the mapping shows the result",
       "POSIX.1-2017 read(), write()", kPosixRead, P, kOnFiles, ExpectSuccess(),
       CheckSelfReadWrite},
      {"MMAP.PRIVATE.SYSCALL_STORE_UNSHARES",
       "read() into a MAP_PRIVATE page shared copy-on-write with a forked child stores into the "
       "caller's own copy: a later write() from it sends the new bytes, the child keeps the old",
       "POSIX.1-2017 mmap() MAP_PRIVATE", kPosixMmap, P, kOnAll, ExpectSuccess(),
       CheckSyscallStoreUnsharesCow},
      {"MMAP.SHARED.STORE_MARKS_MTIME",
       "a store through a MAP_SHARED, PROT_WRITE mapping marks st_mtime and st_ctime for update "
       "by the next msync(MS_SYNC)",
       "POSIX.1-2017 mmap() DESCRIPTION (st_ctime, st_mtime)", kPosixMmap, P, kOnFiles,
       ExpectSuccess(), CheckStoreMarksMtime},
  };
  return table;
}

}  // namespace mk_conformance
