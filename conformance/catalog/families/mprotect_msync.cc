// The catalog's rows for mprotect() and msync().
// Each entry's check is declared in conformance/checks/mprotect_msync.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/mprotect_msync.h"

namespace mk_conformance {

using namespace sources;  // NOLINT: the table reads as prose

namespace {

constexpr const char *kLinuxMprotect = "https://man7.org/linux/man-pages/man2/mprotect.2.html";

}  // namespace

const std::vector<CatalogEntry> &MprotectMsyncEntries() {
  static const std::vector<CatalogEntry> table = {
      // --- mprotect -------------------------------------------------------------------------
      {"MPROTECT.PRESENT.NONE_LOAD_SIGSEGV",
       "after mprotect(PROT_NONE) of a page already present and written, a load raises SIGSEGV "
       "with si_code SEGV_ACCERR",
       "POSIX.1-2017 mprotect(), XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnAll,
       ExpectSignal(SIGSEGV, SEGV_ACCERR), CheckMprotectNoneLoad},
      {"MPROTECT.PRESENT.READONLY_STORE_SIGSEGV",
       "after mprotect(PROT_READ) of a written PROT_READ|PROT_WRITE page, loads still work and "
       "a store raises SIGSEGV with si_code SEGV_ACCERR, changing nothing",
       "POSIX.1-2017 mprotect(), XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnAll,
       ExpectSignal(SIGSEGV, SEGV_ACCERR), CheckMprotectReadOnlyStore},
      {"MPROTECT.ARGS.HUGE_LENGTH_ENOMEM",
       "mprotect() with length SIZE_MAX, or SIZE_MAX rounded down to a page, fails with ENOMEM",
       "POSIX.1-2017 mprotect() ERRORS", kPosixMprotect, P, kOnAnon, ExpectErrno(ENOMEM),
       CheckMprotectHugeLength},
      {"MPROTECT.RANGE.SEVERAL_MAPPINGS_OK",
       "one mprotect(PROT_READ|PROT_WRITE) over three adjacent mappings with different "
       "protections (rw-, r--, ---) succeeds and makes every page writable, contents kept",
       "POSIX.1-2017 mprotect() DESCRIPTION", kPosixMprotect, P, kOnAll, ExpectSuccess(),
       CheckMprotectSeveralMappings},
      {"MPROTECT.ARGS.UNKNOWN_PROT_EINVAL",
       "mprotect() with an unknown protection bit (0x40), or with PROT_GROWSDOWN on a mapping "
       "that cannot grow down, fails with EINVAL",
       "Linux mprotect(2) ERRORS", kLinuxMprotect, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMprotectUnknownProt},
      {"MPROTECT.NOEXEC.ADD_EXEC_EACCES",
       "for a file on a noexec mount, mmap(PROT_READ|PROT_EXEC) fails with EPERM and mprotect() "
       "adding PROT_EXEC to a PROT_READ mapping fails with EACCES",
       "Linux mprotect(2) ERRORS (EACCES), mmap(2) ERRORS (EPERM)", kLinuxMprotect, L, kOnAnon,
       ExpectErrno(EACCES), CheckNoexecMountExec},

      // --- msync ----------------------------------------------------------------------------
      {"MSYNC.MAPPING_TYPES_OK",
       "msync(MS_SYNC, MS_ASYNC, MS_INVALIDATE) of writable and read-only MAP_PRIVATE mappings "
       "(and of read-only MAP_SHARED anonymous memory) succeeds",
       "Linux msync(2)", kLinuxMsync, L, kOnAll, ExpectSuccess(), CheckMsyncMappingTypes},
      {"MSYNC.ARGS.ZERO_LENGTH_UNMAPPED_OK",
       "msync(addr, 0, MS_SYNC) at a page-aligned unmapped address succeeds (an empty range; "
       "POSIX does not say)",
       "Linux mm/msync.c", "https://github.com/torvalds/linux/blob/master/mm/msync.c", I, kOnAnon,
       ExpectSuccess(), CheckMsyncZeroLengthUnmapped},
      {"MSYNC.ARGS.UNALIGNED_LENGTH_OK",
       "msync() rounds the length up to whole pages: half a page succeeds, a page plus one byte "
       "with the next page unmapped fails with ENOMEM",
       "POSIX.1-2017 msync() ERRORS", kPosixMsync, P, kOnAnon, ExpectSuccess(),
       CheckMsyncUnalignedLength},
      {"MSYNC.ARGS.UNKNOWN_FLAG_EINVAL",
       "msync() with a flag bit that is none of MS_ASYNC, MS_SYNC, MS_INVALIDATE fails with EINVAL",
       "POSIX.1-2017 msync() ERRORS", kPosixMsync, P, kOnAnon, ExpectErrno(EINVAL),
       CheckMsyncUnknownFlag},
      {"MSYNC.INVALIDATE_OK",
       "msync(MS_INVALIDATE) of a mapping with no locked pages succeeds and keeps its stores",
       "POSIX.1-2017 msync() MS_INVALIDATE", kPosixMsync, P, kOnAll, ExpectSuccess(),
       CheckMsyncInvalidate},
      {"MSYNC.INVALIDATE_LOCKED_EBUSY",
       "msync(MS_INVALIDATE) of an mlock()ed page fails with EBUSY (MS_SYNC of it succeeds)",
       "POSIX.1-2017 msync() ERRORS", kPosixMsync, P, kOnAnon, ExpectErrno(EBUSY),
       CheckMsyncInvalidateLocked},
  };
  return table;
}

}  // namespace mk_conformance
