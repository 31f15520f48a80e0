// The catalog's rows for mmap() arguments, flags, file types, open modes, access, placement
// (MAP_FIXED, MAP_FIXED_NOREPLACE, hints). Each entry's check is declared in
// conformance/checks/mmap_args.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/mmap_args.h"

namespace mk_conformance {

namespace {

#define MK_GVISOR "https://github.com/google/gvisor/blob/master/test/syscalls/linux/"
#define MK_LTP "https://github.com/linux-test-project/ltp/blob/master/testcases/"
constexpr const char *kGvisorMmap = MK_GVISOR "mmap.cc";
constexpr const char *kPosixGetrlimit =
    "https://pubs.opengroup.org/onlinepubs/9699919799/functions/getrlimit.html";
constexpr const char *kLtpMmap03 = MK_LTP "kernel/syscalls/mmap/mmap03.c";
constexpr const char *kLtpMmap04 = MK_LTP "kernel/syscalls/mmap/mmap04.c";
constexpr const char *kLtpMmap15 = MK_LTP "kernel/syscalls/mmap/mmap15.c";
constexpr const char *kKsftFixedNoreplace =
    "https://github.com/torvalds/linux/blob/master/tools/testing/selftests/mm/"
    "map_fixed_noreplace.c";
#undef MK_GVISOR
#undef MK_LTP

}  // namespace

using namespace sources;  // NOLINT: the table reads as prose

const std::vector<CatalogEntry> &MmapArgsEntries() {
  static const std::vector<CatalogEntry> table = {
      // --- arguments and flags ----------------------------------------------------------------
      {"MMAP.FLAGS.SHARED_AND_PRIVATE_ANON_EINVAL",
       "mmap(MAP_SHARED|MAP_PRIVATE|MAP_ANONYMOUS) fails with EINVAL (MAP_SHARED_VALIDATE is "
       "for file mappings; anonymous ones take only MAP_SHARED or MAP_PRIVATE)",
       "Linux mm/mmap.c do_mmap(); gVisor mmap.cc PrivateAndShared", kLinuxDoMmap, L, kOnAnon,
       ExpectErrno(EINVAL), CheckSharedAndPrivateAnon},
      {"MMAP.ARGS.LENGTH_ROUNDS_TO_ZERO_ENOMEM",
       "mmap() of a length that wraps to 0 when rounded up to a page (SIZE_MAX - page + 2 and "
       "SIZE_MAX) fails with ENOMEM",
       "POSIX.1-2017 mmap() ERRORS; gVisor mmap.cc HugeLength", kPosixMmap, P, kOnAnon,
       ExpectErrno(ENOMEM), CheckLengthRoundsToZero},
      {"MMAP.ARGS.LAST_PAGE_OFFSET_OK",
       "mmap() of one page at the last page-aligned offset whose page ends within the largest "
       "off_t ((OFF_MAX - page) rounded down to a page) succeeds",
       "Linux mm/mmap.c file_mmap_ok(); gVisor mmap.cc MapSecondToLastPositivePage", kGvisorMmap, L,
       kOnFiles, ExpectSuccess(), CheckLastPageOffset},
      {"MMAP.FIXED.TOP_OF_ADDRESS_SPACE_ENOMEM",
       "mmap(MAP_FIXED) of the last page of the address space (addr = -page) fails with ENOMEM "
       "(LTP mmap15 also accepts EINVAL)",
       "Linux mmap(2) ERRORS; LTP mmap15", kLtpMmap15, L, kOnAnon, ExpectErrno(ENOMEM),
       CheckFixedAtTop},
      {"MMAP.ARGS.PARTIAL_PAGE_LENGTH",
       "mmap() of a length that is not a page multiple (page/32 bytes) maps the whole page: its "
       "last byte can be stored and loaded, and a file mapping shows the file there",
       "POSIX.1-2017 mmap() DESCRIPTION (whole pages); gVisor mmap.cc SmallMap", kPosixMmap, P,
       kOnAll, ExpectSuccess(), CheckPartialPageLength},
      {"MMAP.FLAGS.MAP_STACK_OK",
       "mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_STACK) succeeds with zero-filled, writable memory",
       "Linux mmap(2) MAP_STACK; gVisor mmap.cc MapStack", kLinuxMmap, L, kOnAnon, ExpectSuccess(),
       CheckMapStack},
      {"MMAP.FLAGS.MAP_32BIT_LOW",
       "mmap(MAP_32BIT) places the mapping in the low 2 GiB of the address space (x86-64 only; "
       "SKIP elsewhere)",
       "Linux mmap(2) MAP_32BIT; gVisor mmap.cc Map32Bit", kLinuxMmap, L, kOnAnon, ExpectSuccess(),
       CheckMap32Bit},
      {"MMAP.PROT.COMBINATIONS_IN_MAPS",
       "every combination of PROT_READ, PROT_WRITE and PROT_EXEC (none, write-only, "
       "write+exec, all three, ...) is accepted for MAP_SHARED and MAP_PRIVATE anonymous "
       "mappings, and /proc/self/maps shows exactly the requested permissions (SKIP without "
       "/proc)",
       "Linux Test Project mmap04; open_posix_testsuite mmap/5-1", kLtpMmap04, L, kOnAnon,
       ExpectSuccess(), CheckProtCombinations},

      {"MMAP.FLAGS.NORESERVE_USABLE",
       "a 10 MiB mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE) is zero-filled and every page "
       "of it can be stored to",
       "Linux mmap(2) MAP_NORESERVE; gVisor mmap.cc NoReserve", kLinuxMmap, L, kOnAnon,
       ExpectSuccess(), CheckNoreserveUsable},
      {"MMAP.ARGS.RLIMIT_AS_ENOMEM",
       "with RLIMIT_AS set, a mapping that fits under the limit succeeds and one that would "
       "exceed it fails with ENOMEM (SKIP without /proc/self/statm)",
       "POSIX.1-2017 getrlimit() RLIMIT_AS; gVisor mmap.cc ExceedLimitAS, NoExceedLimitAS",
       kPosixGetrlimit, P, kOnAnon, ExpectErrno(ENOMEM), CheckRlimitAs},

      // --- file types -------------------------------------------------------------------------
      {"MMAP.FTYPE.CHAR_DEVICE_ENODEV",
       "mmap() of a character device without mmap support (/dev/random, /dev/null) fails with "
       "ENODEV",
       "POSIX.1-2017 mmap() ERRORS; gVisor mmap.cc MapCharDevice", kPosixMmap, P, kOnAnon,
       ExpectErrno(ENODEV), CheckCharDevice},
      {"MMAP.FTYPE.DEV_ZERO",
       "each mmap() of /dev/zero, even of the same descriptor and with a length that is not a "
       "page multiple, is a new zero-filled object; a MAP_SHARED one is shared with a forked "
       "child, a MAP_PRIVATE one is private",
       "Linux mmap(2) MAP_ANONYMOUS; gVisor mmap.cc MapDevZero*; LTP mmap10", kGvisorMmap, L,
       kOnAnon, ExpectSuccess(), CheckDevZero},

      // --- open mode, access and execute permission -------------------------------------------
      {"MMAP.MODE.EXEC_ONLY_SHARED_OK",
       "mmap(PROT_EXEC, MAP_SHARED) of an O_RDONLY file with mode 0555 succeeds and the file's "
       "bytes are readable through it (PROT_EXEC implies PROT_READ, except where the MMU has "
       "execute-only pages: powerpc64; SKIP on a noexec mount)",
       "Linux Test Project mmap03", kLtpMmap03, I, kOnFiles, ExpectSuccess(), CheckExecOnlyShared},
      {"MMAP.ACCESS.PROT_NONE_STORE_SIGSEGV",
       "a store to a PROT_NONE mapping raises SIGSEGV with si_code SEGV_ACCERR and changes "
       "nothing",
       "POSIX.1-2017 XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnAll,
       ExpectSignal(SIGSEGV, SEGV_ACCERR), CheckProtNoneStore},
      {"MMAP.ACCESS.WRITE_ONLY_READABLE",
       "a PROT_WRITE-only mapping is readable, also when a load is the first access (Linux "
       "gives write permission with read permission)",
       "Linux mmap(2) NOTES; gVisor mmap.cc ProtWriteOnly, ProtWriteOnlyReadable", kLinuxMmap, I,
       kOnAll, ExpectSuccess(), CheckWriteOnlyReadable},
      {"MMAP.ACCESS.PROT_EXEC_RUNS",
       "code copied into a PROT_READ|PROT_WRITE|PROT_EXEC page, and into a page then made "
       "PROT_READ|PROT_EXEC with mprotect(), runs (SKIP where the kit has no machine code for "
       "the architecture or PR_SET_MDWE forbids it)",
       "POSIX.1-2017 mmap() PROT_EXEC; gVisor mmap.cc ProtExec", kPosixMmap, P, kOnAnon,
       ExpectSuccess(), CheckProtExecRuns},
      {"MMAP.ACCESS.NO_EXEC_SIGSEGV",
       "a call into a PROT_READ|PROT_WRITE page (no PROT_EXEC) raises SIGSEGV with si_code "
       "SEGV_ACCERR (no-execute pages; SKIP where the kit has no machine code for the "
       "architecture)",
       "Linux mmap(2) PROT_EXEC; gVisor mmap.cc NoProtExecDeath", kGvisorMmap, I, kOnAnon,
       ExpectSignal(SIGSEGV, SEGV_ACCERR), CheckNoExecFaults},

      // --- MAP_FIXED_NOREPLACE ------------------------------------------------------------------
      {"MMAP.FIXED_NOREPLACE.FREE_RANGE_OK",
       "mmap(MAP_FIXED_NOREPLACE) into a free range maps exactly at the requested address "
       "(skipped on Linux < 4.17)",
       "Linux mmap(2) MAP_FIXED_NOREPLACE; Linux kselftest mm/map_fixed_noreplace.c",
       kKsftFixedNoreplace, L, kOnAnon, ExpectSuccess(), CheckNoreplaceFreeRange},
      {"MMAP.FIXED_NOREPLACE.PARTIAL_OVERLAP_EEXIST",
       "mmap(MAP_FIXED_NOREPLACE) of a range that overlaps the start or the end of an existing "
       "mapping, or contains it, fails with EEXIST and leaves it intact (skipped on Linux < "
       "4.19, where such requests replace the overlapped pages)",
       "Linux mmap(2) MAP_FIXED_NOREPLACE; Linux kselftest mm/map_fixed_noreplace.c",
       kKsftFixedNoreplace, L, kOnAnon, ExpectErrno(EEXIST), CheckNoreplacePartialOverlap},
      {"MMAP.FIXED_NOREPLACE.ADJACENT_OK",
       "mmap(MAP_FIXED_NOREPLACE) of a range that touches an existing mapping, just below or "
       "just above it, succeeds at the requested address (skipped on Linux < 4.17)",
       "Linux kselftest mm/map_fixed_noreplace.c", kKsftFixedNoreplace, L, kOnAnon, ExpectSuccess(),
       CheckNoreplaceAdjacent},
      {"MMAP.FIXED_NOREPLACE.WITH_FIXED_EEXIST",
       "mmap(MAP_FIXED|MAP_FIXED_NOREPLACE) over an existing mapping fails with EEXIST and "
       "leaves it intact: MAP_FIXED_NOREPLACE wins (skipped on Linux < 4.17)",
       "Linux mmap(2) MAP_FIXED_NOREPLACE; gVisor mmap.cc MapFixedNoReplaceWithMapFixed",
       kGvisorMmap, L, kOnAnon, ExpectErrno(EEXIST), CheckNoreplaceWithFixed},
      {"MMAP.FIXED_NOREPLACE.UNALIGNED_EINVAL",
       "mmap(MAP_FIXED_NOREPLACE) at an address that is not page-aligned fails with EINVAL "
       "(skipped on Linux < 4.17)",
       "Linux mmap(2) MAP_FIXED_NOREPLACE; gVisor mmap.cc MapFixedNoReplaceAlignment", kLinuxMmap,
       L, kOnAnon, ExpectErrno(EINVAL), CheckNoreplaceUnaligned},
  };
  return table;
}

}  // namespace mk_conformance
