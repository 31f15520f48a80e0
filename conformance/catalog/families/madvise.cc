// The catalog's rows for madvise().
// Each entry's check is declared in conformance/checks/madvise.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/madvise.h"

namespace mk_conformance {

namespace {

using namespace sources;  // NOLINT: the table reads as prose

constexpr const char *kLinuxMadvise = "https://man7.org/linux/man-pages/man2/madvise.2.html";
constexpr const char *kLinuxMadviseC = "https://github.com/torvalds/linux/blob/master/mm/madvise.c";
constexpr const char *kMadvPopulateTest =
    "https://github.com/torvalds/linux/blob/master/tools/testing/selftests/mm/madv_populate.c";

}  // namespace

const std::vector<CatalogEntry> &MadviseEntries() {
  static const std::vector<CatalogEntry> table = {
      // --- MADV_DONTNEED ----------------------------------------------------------------------
      {"MADVISE.DONTNEED.PRIVATE_ANON_ZEROES",
       "madvise(MADV_DONTNEED) of a private anonymous page succeeds and the page reads zero "
       "afterwards; the next page keeps its data",
       "Linux madvise(2) MADV_DONTNEED", kLinuxMadvise, L, kOnAnon, ExpectSuccess(),
       CheckMadvDontneedPrivateAnon},
      {"MADVISE.DONTNEED.CHILD_COPY_ONLY",
       "madvise(MADV_DONTNEED) in a forked child of a copy-on-write private anonymous page zeroes "
       "the child's page only: the parent keeps its data",
       "Linux madvise(2) MADV_DONTNEED", kLinuxMadvise, L, kOnAnon, ExpectSuccess(),
       CheckMadvDontneedChildCopyOnly},
      {"MADVISE.DONTNEED.SHARED_KEEPS_DATA",
       "madvise(MADV_DONTNEED) of a MAP_SHARED page (of a file, or anonymous) succeeds and the "
       "stores stay: the page (and the file) still hold them",
       "Linux madvise(2) MADV_DONTNEED", kLinuxMadvise, L, kOnAll, ExpectSuccess(),
       CheckMadvDontneedSharedKeeps},
      {"MADVISE.DONTNEED.PRIVATE_FILE_REREADS",
       "madvise(MADV_DONTNEED) of a MAP_PRIVATE file page drops the private stores: the page "
       "shows the file's bytes again",
       "Linux madvise(2) MADV_DONTNEED", kLinuxMadvise, L, kOnFiles, ExpectSuccess(),
       CheckMadvDontneedPrivateFile},
      {"MADVISE.DONTNEED.IGNORES_PROT_NONE",
       "madvise(MADV_DONTNEED) of a PROT_NONE page succeeds (protections do not matter) and the "
       "page reads zero once readable again",
       "Linux mm/madvise.c madvise_dontneed_free", kLinuxMadviseC, L, kOnAnon, ExpectSuccess(),
       CheckMadvDontneedProtNone},
      {"MADVISE.DONTNEED.HUGE_SUBRANGE_EXACT",
       "madvise(MADV_DONTNEED) of a sub-range of a 2 MiB-aligned anonymous region (transparent "
       "huge page or not) zeroes exactly that sub-range and keeps every other byte",
       "Linux madvise(2) MADV_DONTNEED", kLinuxMadvise, L, kOnAnon, ExpectSuccess(),
       CheckMadvDontneedHugeSubrange},

      // --- arguments --------------------------------------------------------------------------
      {"MADVISE.ARGS.UNALIGNED_EINVAL",
       "madvise() at an address that is not page-aligned fails with EINVAL",
       "Linux madvise(2) ERRORS", kLinuxMadvise, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMadvUnalignedStart},
      {"MADVISE.ARGS.LENGTH_ZERO_OK",
       "madvise(addr, 0, MADV_DONTNEED) succeeds and changes nothing",
       "Linux mm/madvise.c do_madvise (end == start)", kLinuxMadviseC, L, kOnAnon, ExpectSuccess(),
       CheckMadvLengthZero},
      {"MADVISE.ARGS.LENGTH_OVERFLOW_EINVAL",
       "madvise() with a length that wraps around when rounded up to the page (SIZE_MAX, "
       "SIZE_MAX - page + 2) fails with EINVAL",
       "Linux mm/madvise.c do_madvise (len_in && !len)", kLinuxMadviseC, L, kOnAnon,
       ExpectErrno(EINVAL), CheckMadvLengthOverflow},
      {"MADVISE.ARGS.LENGTH_ROUNDED_UP",
       "madvise(addr, 1, MADV_DONTNEED) rounds the length up to one page: the whole first page "
       "reads zero, the second keeps its data",
       "Linux madvise(2) DESCRIPTION", kLinuxMadvise, L, kOnAnon, ExpectSuccess(),
       CheckMadvLengthRoundedUp},
      {"MADVISE.ARGS.UNKNOWN_ADVICE_EINVAL",
       "madvise() with an unknown advice (1212) fails with EINVAL", "Linux madvise(2) ERRORS",
       kLinuxMadvise, L, kOnAnon, ExpectErrno(EINVAL), CheckMadvUnknownAdvice},
      {"MADVISE.ARGS.HOLE_ENOMEM",
       "madvise(MADV_NORMAL) of a range with an unmapped page in it fails with ENOMEM",
       "Linux madvise(2) ERRORS", kLinuxMadvise, L, kOnAnon, ExpectErrno(ENOMEM), CheckMadvHole},

      // --- advice refused for the kind of mapping ---------------------------------------------
      {"MADVISE.MLOCKED.DONTNEED_EINVAL",
       "madvise(MADV_DONTNEED) of an mlocked page fails with EINVAL and keeps the page",
       "Linux madvise(2) ERRORS", kLinuxMadvise, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMadvDontneedMlocked},
      {"MADVISE.MLOCKED.REMOVE_EINVAL",
       "madvise(MADV_REMOVE) of an mlocked shared page fails with EINVAL and keeps the page",
       "Linux madvise(2) ERRORS", kLinuxMadvise, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMadvRemoveMlocked},
      {"MADVISE.FREE.FILE_EINVAL",
       "madvise(MADV_FREE) of a file mapping (MAP_PRIVATE or MAP_SHARED) fails with EINVAL "
       "(Linux >= 4.5)",
       "Linux madvise(2) MADV_FREE", kLinuxMadvise, L, kOnFiles, ExpectErrno(EINVAL),
       CheckMadvFreeFile},
      {"MADVISE.WIPEONFORK.NOT_PRIVATE_ANON_EINVAL",
       "madvise(MADV_WIPEONFORK) of a file mapping (MAP_PRIVATE or MAP_SHARED) or of shared "
       "anonymous memory fails with EINVAL (Linux >= 4.14)",
       "Linux madvise(2) MADV_WIPEONFORK", kLinuxMadvise, L, kOnAll, ExpectErrno(EINVAL),
       CheckMadvWipeonforkNotPrivateAnon},
      {"MADVISE.REMOVE.PRIVATE_ANON_EINVAL",
       "madvise(MADV_REMOVE) of private anonymous memory fails with EINVAL and keeps the page",
       "Linux madvise(2) MADV_REMOVE", kLinuxMadvise, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMadvRemovePrivateAnon},
      {"MADVISE.ADVICE.ALL_ACCEPTED",
       "every documented advice that leaves memory usable succeeds on anonymous memory "
       "(MADV_REMOVE on shared, the rest on private), each where the running kernel's version "
       "and configuration (THP, KSM) have it",
       "Linux madvise(2) DESCRIPTION", kLinuxMadvise, L, kOnAnon, ExpectSuccess(),
       CheckMadvAllAccepted},

      // --- fork() -----------------------------------------------------------------------------
      {"MADVISE.DONTFORK.ABSENT_IN_CHILD",
       "after madvise(MADV_DONTFORK) of the middle of three pages (MAP_SHARED file or private "
       "anonymous), a forked child inherits the neighbours with their data and a load from the "
       "middle page raises SIGSEGV (SEGV_MAPERR); the parent keeps all three",
       "Linux madvise(2) MADV_DONTFORK", kLinuxMadvise, L, kOnAll,
       ExpectSignal(SIGSEGV, SEGV_MAPERR), CheckMadvDontfork},
      {"MADVISE.WIPEONFORK.CHILD_READS_ZERO",
       "after madvise(MADV_WIPEONFORK) a forked child reads zero in that page, and so does the "
       "child's own child after the child stored to it; neighbours and the parent keep their "
       "data (Linux >= 4.14)",
       "Linux madvise(2) MADV_WIPEONFORK", kLinuxMadvise, L, kOnAnon, ExpectSuccess(),
       CheckMadvWipeonfork},
      {"MADVISE.KEEPONFORK.UNDOES_WIPE",
       "madvise(MADV_KEEPONFORK) after MADV_WIPEONFORK makes a forked child inherit the page's "
       "data again (Linux >= 4.14)",
       "Linux madvise(2) MADV_KEEPONFORK", kLinuxMadvise, L, kOnAnon, ExpectSuccess(),
       CheckMadvKeeponfork},

      // --- newer advice -----------------------------------------------------------------------
      {"MADVISE.COLD_PAGEOUT.KEEP_DATA",
       "madvise(MADV_COLD) and madvise(MADV_PAGEOUT) of private anonymous pages succeed and the "
       "pages keep their data (Linux >= 5.4)",
       "Linux madvise(2) MADV_COLD, MADV_PAGEOUT", kLinuxMadvise, L, kOnAnon, ExpectSuccess(),
       CheckMadvColdPageoutKeepData},
      {"MADVISE.POPULATE.PROT_MISMATCH_EINVAL",
       "madvise(MADV_POPULATE_READ) of a PROT_WRITE-only page and madvise(MADV_POPULATE_WRITE) "
       "of a PROT_READ page fail with EINVAL (Linux >= 5.14)",
       "Linux kselftest mm/madv_populate.c test_prot_read, test_prot_write", kMadvPopulateTest, L,
       kOnAnon, ExpectErrno(EINVAL), CheckMadvPopulateProtMismatch},
      {"MADVISE.POPULATE.HOLE_ENOMEM",
       "madvise(MADV_POPULATE_READ / MADV_POPULATE_WRITE) of three pages with the first, middle "
       "or last one unmapped fails with ENOMEM (Linux >= 5.14)",
       "Linux madvise(2) ERRORS", kLinuxMadvise, L, kOnAnon, ExpectErrno(ENOMEM),
       CheckMadvPopulateHoles},
      {"MADVISE.POPULATE.MAKES_PRESENT",
       "madvise(MADV_POPULATE_READ) and madvise(MADV_POPULATE_WRITE) of untouched anonymous "
       "pages make them resident (mincore) and they read zero (Linux >= 5.14)",
       "Linux madvise(2) MADV_POPULATE_READ, MADV_POPULATE_WRITE", kLinuxMadvise, L, kOnAnon,
       ExpectSuccess(), CheckMadvPopulatePresent},
      {"MADVISE.POPULATE.WRITE_SETS_SOFT_DIRTY",
       "after the soft-dirty bits are cleared (/proc/self/clear_refs), "
       "madvise(MADV_POPULATE_WRITE) "
       "marks its page soft-dirty in /proc/self/pagemap and madvise(MADV_POPULATE_READ) does not "
       "(Linux >= 5.14, CONFIG_MEM_SOFT_DIRTY)",
       "Linux kselftest mm/madv_populate.c test_softdirty", kMadvPopulateTest, L, kOnAnon,
       ExpectSuccess(), CheckMadvPopulateSoftDirty},
      {"MADVISE.DONTNEED_LOCKED.ZEROES_LOCKED",
       "madvise(MADV_DONTNEED_LOCKED) of an mlocked private anonymous page succeeds and the page "
       "reads zero (Linux >= 5.18)",
       "Linux madvise(2) MADV_DONTNEED_LOCKED", kLinuxMadvise, L, kOnAnon, ExpectSuccess(),
       CheckMadvDontneedLocked},
      {"MADVISE.COLLAPSE.KEEPS_DATA",
       "madvise(MADV_COLLAPSE) of a populated, huge-page-aligned private anonymous range "
       "succeeds and every byte stays (Linux >= 6.1 with transparent huge pages)",
       "Linux madvise(2) MADV_COLLAPSE", kLinuxMadvise, L, kOnAnon, ExpectSuccess(),
       CheckMadvCollapse},
      // madvise(2) promises only SIGSEGV: the si_code comes from each architecture's fault
      // handler (VM_FAULT_SIGSEGV; SEGV_MAPERR on x86-64 and arm64 with Linux 6.18).
      {"MADVISE.GUARD.FAULTS_UNTIL_REMOVED",
       "after madvise(MADV_GUARD_INSTALL) a load or store to the page raises SIGSEGV (any "
       "si_code) while the neighbours keep their data; after MADV_GUARD_REMOVE the page is "
       "accessible again and reads zero (Linux >= 6.13)",
       "Linux madvise(2) MADV_GUARD_INSTALL, MADV_GUARD_REMOVE", kLinuxMadvise, L, kOnAnon,
       ExpectSignal(SIGSEGV, kAnyCode), CheckMadvGuard},
      {"MADVISE.REMOVE.SHARED_READS_ZERO",
       "madvise(MADV_REMOVE) of a MAP_SHARED page (of a file, or anonymous) succeeds; the page "
       "reads zero, the next keeps its data, and the file keeps its size with a zeroed page",
       "Linux madvise(2) MADV_REMOVE", kLinuxMadvise, L, kOnAll, ExpectSuccess(),
       CheckMadvRemoveShared},
  };
  return table;
}

}  // namespace mk_conformance
