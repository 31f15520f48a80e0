// The catalog's rows for mlock(), mlock2(), mlockall(), munlock(), munlockall(), RLIMIT_MEMLOCK and
// mincore(). Each entry's check is declared in conformance/checks/mlock_mincore.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/mlock_mincore.h"

namespace mk_conformance {

namespace {

constexpr const char *kPosixMlock =
    "https://pubs.opengroup.org/onlinepubs/9699919799/functions/mlock.html";
constexpr const char *kPosixMlockall =
    "https://pubs.opengroup.org/onlinepubs/9699919799/functions/mlockall.html";
constexpr const char *kLinuxMlock = "https://man7.org/linux/man-pages/man2/mlock.2.html";
constexpr const char *kLinuxMincore = "https://man7.org/linux/man-pages/man2/mincore.2.html";
constexpr const char *kLinuxMlockC = "https://github.com/torvalds/linux/blob/master/mm/mlock.c";
constexpr const char *kKsftMlock2 =
    "https://github.com/torvalds/linux/blob/master/tools/testing/selftests/mm/mlock2-tests.c";
constexpr const char *kLtpMlock04 =
    "https://github.com/linux-test-project/ltp/blob/master/testcases/kernel/syscalls/mlock/"
    "mlock04.c";
constexpr const char *kLtpMlock203 =
    "https://github.com/linux-test-project/ltp/blob/master/testcases/kernel/syscalls/mlock2/"
    "mlock203.c";
constexpr const char *kLtpMincore02 =
    "https://github.com/linux-test-project/ltp/blob/master/testcases/kernel/syscalls/mincore/"
    "mincore02.c";

}  // namespace

using namespace sources;  // NOLINT: the table reads as prose

const std::vector<CatalogEntry> &MlockMincoreEntries() {
  static const std::vector<CatalogEntry> table = {
      // --- mlock, munlock, mlockall, RLIMIT_MEMLOCK -------------------------------------------
      {"MLOCK.LOCKS_RANGE",
       "mlock() locks the range and faults it in: msync(MS_INVALIDATE) then fails with EBUSY "
       "and mincore() shows every page resident",
       "POSIX.1-2017 mlock() DESCRIPTION", kPosixMlock, P, kOnAnon, ExpectSuccess(),
       CheckMlockLocksRange},
      {"MLOCK.PROT_NONE_ENOMEM",
       "mlock() of a PROT_NONE mapping fails with ENOMEM, yet marks the mapping locked "
       "(msync(MS_INVALIDATE) then fails with EBUSY)",
       "Linux mm/mlock.c (VM_LOCKED is set before the pages are faulted in)", kLinuxMlockC, L,
       kOnAnon, ExpectErrno(ENOMEM), CheckMlockProtNone},
      {"MLOCK.SHARED_WRITE_ONLY_OK",
       "mlock() of a PROT_WRITE-only MAP_SHARED file mapping succeeds and locks it",
       "Linux Test Project mlock04 (mlock of a write-only shared mapping)", kLtpMlock04, L,
       kOnFiles, ExpectSuccess(), CheckMlockSharedWriteOnly},
      {"MLOCK.FORK_NOT_INHERITED",
       "memory locks are not inherited: in a fork() child the parent's mlock()ed range is not "
       "locked",
       "POSIX.1-2017 fork() DESCRIPTION (memory locks are removed in the child)", kPosixFork, P,
       kOnAnon, ExpectSuccess(), CheckMlockNotInherited},
      {"MLOCK.RLIMIT_ZERO_EPERM",
       "without CAP_IPC_LOCK and with RLIMIT_MEMLOCK 0, mlock(), mlock2() and "
       "mlockall(MCL_CURRENT) fail with EPERM",
       "Linux mlock(2) ERRORS", kLinuxMlock, L, kOnAnon, ExpectErrno(EPERM), CheckMlockRlimitZero},
      {"MLOCK.RLIMIT_EXCEEDED_ENOMEM",
       "without CAP_IPC_LOCK, locking more than RLIMIT_MEMLOCK (1 page) with mlock(), mlock2() "
       "or mlockall(MCL_CURRENT) fails with ENOMEM",
       "Linux mlock(2) ERRORS", kLinuxMlock, L, kOnAnon, ExpectErrno(ENOMEM),
       CheckMlockRlimitExceeded},
      {"MLOCK.HOLE_ENOMEM",
       "mlock() and munlock() of a range with an unmapped page fail with ENOMEM",
       "POSIX.1-2017 mlock() ERRORS", kPosixMlock, P, kOnAnon, ExpectErrno(ENOMEM), CheckMlockHole},
      {"MLOCK.UNALIGNED_OK",
       "mlock() and munlock() accept an address that is not page-aligned and cover every page "
       "the range touches",
       "Linux mlock(2) DESCRIPTION (addr is rounded down to a page boundary)", kLinuxMlock, L,
       kOnAnon, ExpectSuccess(), CheckMlockUnaligned},
      {"MUNLOCK.UNLOCKS",
       "munlock() unlocks a locked range, and munlock() of a range never locked succeeds",
       "POSIX.1-2017 munlock() DESCRIPTION", kPosixMlock, P, kOnAnon, ExpectSuccess(),
       CheckMunlockUnlocks},
      {"MLOCKALL.FUTURE",
       "after mlockall(MCL_FUTURE) a new mapping is locked and resident; munlockall() unlocks "
       "it and cancels MCL_FUTURE",
       "POSIX.1-2017 mlockall() DESCRIPTION", kPosixMlockall, P, kOnAnon, ExpectSuccess(),
       CheckMlockallFuture},
      {"MLOCKALL.BAD_FLAGS_EINVAL",
       "mlockall() with flags 0, MCL_ONFAULT alone, or an unknown bit fails with EINVAL",
       "Linux mlock(2) ERRORS", kLinuxMlock, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMlockallBadFlags},
      {"MLOCK.MLOCK2_NO_FLAGS_LOCKS",
       "mlock2() with flags 0 locks and faults in the range like mlock()",
       "Linux mlock(2) DESCRIPTION (mlock2, Linux 4.4)", kLinuxMlock, L, kOnAnon, ExpectSuccess(),
       CheckMlock2NoFlags},
      {"MLOCK.MLOCK2_ONFAULT",
       "mlock2(MLOCK_ONFAULT) locks the range without faulting pages in: a page present before "
       "stays resident, the others become resident only when touched",
       "Linux mlock(2) DESCRIPTION (MLOCK_ONFAULT, Linux 4.4)", kLinuxMlock, L, kOnAnon,
       ExpectSuccess(), CheckMlock2Onfault},
      {"MLOCK.MLOCK2_UNKNOWN_FLAGS_EINVAL", "mlock2() with an unknown flag bit fails with EINVAL",
       "Linux mlock(2) ERRORS", kLinuxMlock, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMlock2UnknownFlags},
      {"MLOCK.ONFAULT_COUNTED_ONCE",
       "mlock() of a range already locked by mlock2(MLOCK_ONFAULT) counts it once: VmLck in "
       "/proc/self/status grows by the range's size",
       "Linux Test Project mlock203", kLtpMlock203, L, kOnAnon, ExpectSuccess(),
       CheckMlockOnfaultCountedOnce},
      {"MUNLOCK.SPLITS_AND_MERGES_VMA",
       "munlock() of the middle page of a locked 3-page mapping splits it into 3 mappings in "
       "/proc/self/maps; munlock() of all 3 pages merges them back into 1",
       "Linux kselftest mm/mlock2-tests.c test_vma_management", kKsftMlock2, I, kOnAnon,
       ExpectSuccess(), CheckMunlockSplitsVma},
      {"MLOCK.DROPPABLE_NEVER_LOCKED",
       "MAP_DROPPABLE memory is never locked: mlock() of it succeeds without locking it, and "
       "mlockall(MCL_FUTURE) leaves a later MAP_DROPPABLE mapping unlocked",
       "Linux kselftest mm/mlock2-tests.c test_mlock_droppable (Linux 6.11)", kKsftMlock2, L,
       kOnAnon, ExpectSuccess(), CheckMlockDroppable},
      // --- mincore ----------------------------------------------------------------------------
      {"MINCORE.ANON_RESIDENT",
       "mincore() reports stored-to anonymous pages resident and an untouched one not",
       "Linux mincore(2) DESCRIPTION", kLinuxMincore, L, kOnAnon, ExpectSuccess(),
       CheckMincoreAnonResidency},
      {"MINCORE.UNALIGNED_EINVAL",
       "mincore() at an address that is not page-aligned fails with EINVAL",
       "Linux mincore(2) ERRORS", kLinuxMincore, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMincoreUnaligned},
      {"MINCORE.LENGTH_ROUNDED_UP",
       "mincore() rounds the length up to whole pages: length page + 1 fills 2 vector entries, "
       "no more",
       "Linux mincore(2) DESCRIPTION", kLinuxMincore, L, kOnAnon, ExpectSuccess(),
       CheckMincoreLengthRounded},
      {"MINCORE.LENGTH_ZERO_OK", "mincore() of length 0 succeeds, even with a NULL vector",
       "Linux mincore(2); gVisor MincoreTest.ZeroLengthSucceedsAndAllowsAnyVecBelowTaskSize",
       kLinuxMincore, L, kOnAnon, ExpectSuccess(), CheckMincoreLengthZero},
      {"MINCORE.HUGE_LENGTH_ENOMEM",
       "mincore() with a length reaching past the end of the address space (SIZE_MAX) fails "
       "with ENOMEM",
       "Linux mincore(2) ERRORS", kLinuxMincore, L, kOnAnon, ExpectErrno(ENOMEM),
       CheckMincoreHugeLength},
      {"MINCORE.BAD_VECTOR_EFAULT",
       "mincore() with its vector in a PROT_NONE page fails with EFAULT", "Linux mincore(2) ERRORS",
       kLinuxMincore, L, kOnAnon, ExpectErrno(EFAULT), CheckMincoreBadVector},
      {"MINCORE.UNMAPPED_ENOMEM", "mincore() of a range with an unmapped page fails with ENOMEM",
       "Linux mincore(2) ERRORS", kLinuxMincore, L, kOnAnon, ExpectErrno(ENOMEM),
       CheckMincoreUnmapped},
      {"MINCORE.FILE_PAGES_RESIDENT",
       "mincore() of a MAP_SHARED file mapping reports resident a page another process faulted "
       "in through its mapping, and a page mlock()ed",
       "Linux Test Project mincore02, mincore04", kLtpMincore02, L, kOnFiles, ExpectSuccess(),
       CheckMincoreFilePages},
  };
  return table;
}

}  // namespace mk_conformance
