// The catalog's rows for mremap().
// Each entry's check is declared in conformance/checks/mremap.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/mremap.h"

namespace mk_conformance {

using namespace sources;  // NOLINT: the table reads as prose

namespace {

// Where the anchors and the kernel say so (sources.h has the mremap(2) page).
constexpr const char *kGvisorMremap =
    "https://github.com/google/gvisor/blob/master/test/syscalls/linux/mremap.cc";
constexpr const char *kLtpMremap =
    "https://github.com/linux-test-project/ltp/tree/master/testcases/kernel/syscalls/mremap";
constexpr const char *kKselftestMremap =
    "https://github.com/torvalds/linux/blob/master/tools/testing/selftests/mm/mremap_test.c";
constexpr const char *kKselftestDontunmap =
    "https://github.com/torvalds/linux/blob/master/tools/testing/selftests/mm/mremap_dontunmap.c";
constexpr const char *kKernelMremap = "https://github.com/torvalds/linux/blob/master/mm/mremap.c";

}  // namespace

const std::vector<CatalogEntry> &MremapEntries() {
  static const std::vector<CatalogEntry> table = {
      // --- argument errors --------------------------------------------------------------------
      {"MREMAP.ARGS.UNALIGNED_OLD_EINVAL",
       "mremap() of an old_address that is not page-aligned fails with EINVAL",
       "Linux mremap(2) ERRORS; LTP mremap02", kLinuxMremap, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMremapUnalignedOld},
      {"MREMAP.ARGS.UNMAPPED_EFAULT", "mremap() of a range that is not mapped fails with EFAULT",
       "Linux mremap(2) ERRORS; LTP mremap03", kLinuxMremap, L, kOnAnon, ExpectErrno(EFAULT),
       CheckMremapUnmappedOld},
      {"MREMAP.ARGS.FIXED_WITHOUT_MAYMOVE_EINVAL",
       "mremap(MREMAP_FIXED) without MREMAP_MAYMOVE fails with EINVAL",
       "Linux mremap(2) ERRORS; LTP mremap05", kLinuxMremap, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMremapFixedWithoutMaymove},
      {"MREMAP.ARGS.FIXED_UNALIGNED_NEW_EINVAL",
       "mremap(MREMAP_MAYMOVE|MREMAP_FIXED) to a new_address that is not page-aligned fails with "
       "EINVAL",
       "Linux mremap(2) ERRORS; LTP mremap05", kLinuxMremap, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMremapFixedUnalignedNew},
      {"MREMAP.ARGS.FIXED_OVERLAP_EINVAL",
       "mremap(MREMAP_MAYMOVE|MREMAP_FIXED) to a range that overlaps the old one fails with EINVAL",
       "Linux mremap(2) ERRORS; gVisor Fixed_SourceAndDestinationCannotOverlap", kLinuxMremap, L,
       kOnAnon, ExpectErrno(EINVAL), CheckMremapFixedOverlap},
      {"MREMAP.ARGS.UNKNOWN_FLAGS_EINVAL",
       "mremap() with a flag bit Linux does not define (1 << 20) fails with EINVAL",
       "Linux mremap(2) ERRORS (flags)", kLinuxMremap, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMremapUnknownFlags},
      {"MREMAP.ARGS.NEW_SIZE_ZERO_EINVAL", "mremap() to a new_size of 0 fails with EINVAL",
       "Linux mremap(2) ERRORS (new_size was zero)", kLinuxMremap, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMremapNewLenZero},
      {"MREMAP.ARGS.DONTUNMAP_WITHOUT_MAYMOVE_EINVAL",
       "mremap(MREMAP_DONTUNMAP) without MREMAP_MAYMOVE fails with EINVAL",
       "Linux mremap(2) ERRORS (MREMAP_DONTUNMAP)", kLinuxMremap, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMremapDontunmapWithoutMaymove},
      {"MREMAP.ARGS.DONTUNMAP_RESIZE_EINVAL",
       "mremap(MREMAP_MAYMOVE|MREMAP_DONTUNMAP) with new_size != old_size fails with EINVAL",
       "Linux mremap(2) ERRORS (MREMAP_DONTUNMAP)", kLinuxMremap, L, kOnAnon, ExpectErrno(EINVAL),
       CheckMremapDontunmapResize},

      // --- old_size 0: a second mapping of the same pages -------------------------------------
      {"MREMAP.COPY.PRIVATE_EINVAL",
       "mremap(old_size = 0, MREMAP_MAYMOVE) of a MAP_PRIVATE mapping fails with EINVAL (Linux "
       ">= 4.14)",
       "Linux mm/mremap.c (duplicating a private mapping)", kKernelMremap, L, kOnAnon,
       ExpectErrno(EINVAL), CheckMremapCopyPrivate},
      {"MREMAP.COPY.NO_MAYMOVE_ENOMEM",
       "mremap(old_size = 0) of a MAP_SHARED mapping without MREMAP_MAYMOVE fails with ENOMEM",
       "Linux behaviour asserted by gVisor MremapTest.InPlace_Copy", kGvisorMremap, L, kOnAnon,
       ExpectErrno(ENOMEM), CheckMremapCopyWithoutMaymove},
      {"MREMAP.COPY.SHARED_SECOND_MAPPING",
       "mremap(old_size = 0, MREMAP_MAYMOVE) of a MAP_SHARED mapping maps the same pages a second "
       "time elsewhere; the original stays",
       "Linux mremap(2) (old_size zero); gVisor MayMove_Copy", kLinuxMremap, L, kOnAnon,
       ExpectSuccess(), CheckMremapCopyShared},

      // --- in place ---------------------------------------------------------------------------
      {"MREMAP.SAME_SIZE_SAME_ADDRESS",
       "mremap() to the same size with flags 0 returns the same address and keeps the contents",
       "Linux behaviour asserted by gVisor MremapParamTest.Noop", kGvisorMremap, L, kOnAnon,
       ExpectSuccess(), CheckMremapSameSize},
      {"MREMAP.SHRINK_FRONT_KEEPS_REST",
       "mremap() shrinking the first 2 pages of a 3-page mapping to 1 unmaps page 1 (SIGSEGV "
       "SEGV_MAPERR) and keeps page 2",
       "Linux behaviour asserted by gVisor InPlace_ShrinkingPartialVMA", kGvisorMremap, L, kOnAnon,
       ExpectSuccess(), CheckMremapShrinkFront},
      {"MREMAP.SHRINK_ACROSS_MAPPINGS",
       "mremap() shrinking a range made of 3 mappings to its first page succeeds in place and "
       "unmaps the other two",
       "Linux behaviour asserted by gVisor InPlace_ShrinkingAcrossVMAs", kGvisorMremap, L, kOnAnon,
       ExpectSuccess(), CheckMremapShrinkAcrossVmas},
      {"MREMAP.GROW_IN_PLACE",
       "mremap() without flags grows a mapping into a free page after it at the same address, "
       "zero-filled, as one mapping",
       "Linux behaviour asserted by gVisor InPlace_ExpansionSuccess; kselftest mremap_expand_merge",
       kGvisorMremap, L, kOnAnon, ExpectSuccess(), CheckMremapGrowInPlace},

      // --- MREMAP_FIXED -----------------------------------------------------------------------
      {"MREMAP.FIXED.MOVES_AND_REPLACES",
       "mremap(MREMAP_MAYMOVE|MREMAP_FIXED) moves to exactly new_address, replaces only new_size "
       "bytes there and unmaps the old range",
       "Linux mremap(2) MREMAP_FIXED; gVisor Fixed_SameSize", kLinuxMremap, L, kOnAnon,
       ExpectSuccess(), CheckMremapFixedMoves},
      {"MREMAP.FIXED.SHRINK",
       "mremap(MREMAP_FIXED) shrinking 2 of 3 pages to 1 moves page 0 alone, unmaps pages 0-1 "
       "and keeps page 2",
       "Linux behaviour asserted by gVisor Fixed_ShrinkingWholeVMA, Fixed_ShrinkingPartialVMA",
       kGvisorMremap, L, kOnAnon, ExpectSuccess(), CheckMremapFixedShrink},
      {"MREMAP.FIXED.GROW",
       "mremap(MREMAP_FIXED) growing 1 page to 2 moves it to new_address with a zero-filled "
       "second page",
       "Linux behaviour asserted by gVisor Fixed_Expansion", kGvisorMremap, L, kOnAnon,
       ExpectSuccess(), CheckMremapFixedGrow},
      {"MREMAP.FIXED.SPLIT_SOURCE_EFAULT",
       "mremap(MREMAP_FIXED) shrinking a range whose kept part spans two mappings fails with "
       "EFAULT",
       "Linux behaviour asserted by gVisor Fixed_ShrinkingAcrossVMAs; Linux mm/mremap.c",
       kGvisorMremap, L, kOnAnon, ExpectErrno(EFAULT), CheckMremapFixedSplitSource},
      {"MREMAP.FIXED.MULTI_MAPPING_MOVE",
       "mremap(MREMAP_FIXED) of a range made of several mappings and a hole moves each, keeping "
       "the hole (Linux >= 6.17; EFAULT before)",
       "Linux behaviour asserted by kselftest mremap_test.c mremap_move_multiple_vmas",
       kKselftestMremap, L, kOnAnon, ExpectSuccess(), CheckMremapFixedMultiVma},
      {"MREMAP.MOVE.LARGE_ALIGNED",
       "mremap(MREMAP_FIXED) of 2 MiB to a 2 MiB and then a 1 MiB boundary keeps every byte and "
       "leaves neighbouring pages intact",
       "Linux behaviour asserted by kselftest mremap_test.c remap_region", kKselftestMremap, L,
       kOnAnon, ExpectSuccess(), CheckMremapMoveLargeAligned},

      // --- shared anonymous memory ------------------------------------------------------------
      {"MREMAP.SHARED_ANON.GROW_PAST_OBJECT_SIGBUS",
       "a MAP_SHARED|MAP_ANONYMOUS mapping grown by mremap() past its creation size raises "
       "SIGBUS (BUS_ADRERR) on a load from the new page",
       "Linux behaviour asserted by gVisor MremapDeathTest.SharedAnon", kGvisorMremap, L, kOnAnon,
       ExpectSignal(SIGBUS, BUS_ADRERR), CheckMremapSharedAnonGrowSigbus},
      {"MREMAP.SHARED_ANON.SHRINK_KEEPS_OBJECT",
       "shrinking a MAP_SHARED|MAP_ANONYMOUS mapping with mremap() keeps the object's data: "
       "growing back shows it",
       "Linux behaviour asserted by gVisor MremapDeathTest.SharedAnon", kGvisorMremap, L, kOnAnon,
       ExpectSuccess(), CheckMremapSharedAnonShrinkKeeps},

      // --- file mappings ----------------------------------------------------------------------
      {"MREMAP.FILE.PRIVATE_GROW_KEEPS_COPIES",
       "a MAP_PRIVATE file mapping moved and grown by mremap() keeps its private copies; the new "
       "page maps the next file page",
       "Linux behaviour asserted by gVisor ExpansionPreservesCOWPagesAndExposesNewFilePages; LTP "
       "mremap06",
       kGvisorMremap, L, kOnFiles, ExpectSuccess(), CheckMremapPrivateFileGrow},
      {"MREMAP.FILE.SHARED_GROW_MAPS_FILE",
       "a MAP_SHARED file mapping grown by mremap() maps the following file pages; stores there "
       "reach the file",
       "Linux behaviour asserted by LTP mremap01", kLtpMremap, L, kOnFiles, ExpectSuccess(),
       CheckMremapSharedFileGrow},

      // --- locked mappings --------------------------------------------------------------------
      {"MREMAP.LOCKED.STAYS_LOCKED",
       "an mlocked mapping moved and grown by mremap() is locked at its new place, new page "
       "included",
       "Linux behaviour asserted by gVisor MremapLockedTest.Basic", kGvisorMremap, L, kOnAnon,
       ExpectSuccess(), CheckMremapLockedStaysLocked},
      {"MREMAP.LOCKED.RLIMIT_EAGAIN",
       "mremap() growing an mlocked mapping beyond RLIMIT_MEMLOCK without CAP_IPC_LOCK fails with "
       "EAGAIN",
       "Linux mremap(2) ERRORS (EAGAIN); gVisor MremapLockedTest.RlimitMemlockInsufficient",
       kLinuxMremap, L, kOnAnon, ExpectErrno(EAGAIN), CheckMremapLockedRlimit},

      // --- MREMAP_DONTUNMAP (Linux >= 5.7) ----------------------------------------------------
      {"MREMAP.DONTUNMAP.PRIVATE_SOURCE_ZERO",
       "mremap(MREMAP_DONTUNMAP) of private anonymous pages (a whole mapping or part) moves the "
       "data; the source stays mapped and reads zero",
       "Linux mremap(2) MREMAP_DONTUNMAP; kselftest mremap_dontunmap.c", kKselftestDontunmap, L,
       kOnAnon, ExpectSuccess(), CheckMremapDontunmapPrivate},
      {"MREMAP.DONTUNMAP.SHARED_SOURCE_KEEPS",
       "mremap(MREMAP_DONTUNMAP) of MAP_SHARED|MAP_ANONYMOUS memory leaves the source showing the "
       "same pages (Linux >= 5.13)",
       "Linux behaviour asserted by kselftest mremap_dontunmap.c mremap_dontunmap_simple_shmem",
       kKselftestDontunmap, L, kOnAnon, ExpectSuccess(), CheckMremapDontunmapShared},
      {"MREMAP.DONTUNMAP.FIXED_REPLACES_ONLY_LEN",
       "mremap(MREMAP_DONTUNMAP|MREMAP_FIXED) into the middle of a mapping replaces only new_size "
       "bytes there",
       "Linux behaviour asserted by kselftest mremap_dontunmap.c "
       "mremap_dontunmap_partial_mapping_overwrite",
       kKselftestDontunmap, L, kOnAnon, ExpectSuccess(), CheckMremapDontunmapFixed},
  };
  return table;
}

}  // namespace mk_conformance
