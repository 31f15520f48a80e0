// The catalog's rows for memfd seals against mmap(), and mseal().
// Each entry's check is declared in conformance/checks/memfd_mseal.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/memfd_mseal.h"

namespace mk_conformance {

namespace {

constexpr const char *kLinuxMemfd = "https://man7.org/linux/man-pages/man2/memfd_create.2.html";
constexpr const char *kLinuxSeals =
    "https://man7.org/linux/man-pages/man2/fcntl.2.html#File_sealing";
constexpr const char *kLinuxShmemSeals = "https://github.com/torvalds/linux/blob/master/mm/memfd.c";
constexpr const char *kKsftMemfd =
    "https://github.com/torvalds/linux/blob/master/tools/testing/selftests/memfd/memfd_test.c";
constexpr const char *kLinuxMseal = "https://man7.org/linux/man-pages/man2/mseal.2.html";

}  // namespace

using namespace sources;  // NOLINT: the table reads as prose

const std::vector<CatalogEntry> &MemfdMsealEntries() {
  static const std::vector<CatalogEntry> table = {
      // --- memfd seals against mmap (memfd is tmpfs: the rows run once, on tmpfs) ---------------
      {"MEMFD.SEAL_WRITE.SHARED_WRITE_EPERM",
       "mmap(PROT_READ|PROT_WRITE or PROT_WRITE, MAP_SHARED) of a memfd sealed with F_SEAL_WRITE "
       "fails with EPERM",
       "Linux fcntl(2) File sealing (F_SEAL_WRITE)", kLinuxSeals, L, kOnTmpfs, ExpectErrno(EPERM),
       CheckSealWriteSharedWrite},
      {"MEMFD.SEAL_WRITE.PRIVATE_OK",
       "a writable MAP_PRIVATE mapping of an F_SEAL_WRITE memfd succeeds and its stores stay "
       "private",
       "Linux kselftest memfd/memfd_test.c test_seal_write (mfd_assert_write: MAP_PRIVATE)",
       kKsftMemfd, L, kOnTmpfs, ExpectSuccess(), CheckSealWritePrivateOk},
      {"MEMFD.SEAL_WRITE.SHARED_READ_NO_WRITE",
       "mmap(PROT_READ, MAP_SHARED) of an F_SEAL_WRITE memfd succeeds and mprotect() adding "
       "PROT_WRITE fails with EACCES (older kernels may fail the mmap with EPERM instead)",
       "Linux mm/memfd.c, mm/mmap.c (VM_MAYWRITE cleared for sealed shmem, Linux 6.7)",
       kLinuxShmemSeals, L, kOnTmpfs, ExpectErrno(EACCES), CheckSealWriteSharedReadNoWrite},
      {"MEMFD.SEAL_WRITE.SHARED_MAPPING_EBUSY",
       "fcntl(F_ADD_SEALS, F_SEAL_WRITE) while a MAP_SHARED mapping through the writable memfd "
       "exists (PROT_READ|PROT_WRITE or PROT_READ) fails with EBUSY",
       "Linux fcntl(2) ERRORS (EBUSY)", kLinuxSeals, L, kOnTmpfs, ExpectErrno(EBUSY),
       CheckSealWriteBusy},
      {"MEMFD.SEAL_WRITE.PRIVATE_MAPPING_OK",
       "a writable MAP_PRIVATE mapping does not block fcntl(F_ADD_SEALS, F_SEAL_WRITE), and "
       "keeps working privately",
       "Linux kselftest memfd/memfd_test.c test_share_mmap", kKsftMemfd, L, kOnTmpfs,
       ExpectSuccess(), CheckSealWritePrivateNoBlock},
      {"MEMFD.SEAL.REJECTED_ADDS_NONE",
       "a rejected F_ADD_SEALS (EBUSY) adds none of the requested seals: F_GET_SEALS stays 0",
       "Linux memfd_create(2) NOTES (seals are added atomically)", kLinuxMemfd, L, kOnTmpfs,
       ExpectSuccess(), CheckSealRejectedAddsNone},
      {"MEMFD.SEAL_FUTURE_WRITE.SHARED_WRITE_EPERM",
       "after F_SEAL_FUTURE_WRITE a new mmap(PROT_READ|PROT_WRITE, MAP_SHARED) fails with EPERM; "
       "a writable mapping made before keeps working, a new read-only shared one cannot gain "
       "PROT_WRITE (EACCES), a private one works",
       "Linux fcntl(2) File sealing (F_SEAL_FUTURE_WRITE, Linux 5.1)", kLinuxSeals, L, kOnTmpfs,
       ExpectErrno(EPERM), CheckSealFutureWrite},
      // --- mseal ------------------------------------------------------------------------------
      {"MSEAL.BLOCKS_CHANGES",
       "on a range sealed with mseal(), mprotect, munmap, mremap, mmap(MAP_FIXED) over it, "
       "madvise(MADV_DONTNEED) of read-only anonymous memory and pkey_mprotect fail with EPERM",
       "Linux mseal(2) DESCRIPTION (Linux 6.10, 64-bit)", kLinuxMseal, L, kOnAnon,
       ExpectErrno(EPERM), CheckMsealBlocksChanges},
      {"MSEAL.ARGS.INVALID_EINVAL",
       "mseal() with flags other than 0, an unaligned address, or a length that wraps past the "
       "end of the address space fails with EINVAL",
       "Linux mseal(2) ERRORS", kLinuxMseal, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMsealInvalidArgs},
      {"MSEAL.ARGS.UNMAPPED_ENOMEM",
       "mseal() of a range with a gap, an unmapped start or an unmapped end fails with ENOMEM "
       "and seals nothing",
       "Linux mseal(2) ERRORS", kLinuxMseal, L, kOnAnon, ExpectErrno(ENOMEM), CheckMsealUnmapped},
  };
  return table;
}

}  // namespace mk_conformance
