// The catalog: every mmap semantic mmapkit checks. This file holds the POSIX
// core and joins the family tables of catalog/families/; add a semantic to its
// family's table (and its check in conformance/checks/); see README.md.
#include "conformance/catalog/catalog.h"

#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/checks.h"

namespace mk_conformance {

namespace {

using namespace sources;  // NOLINT: the table reads as prose

const std::vector<CatalogEntry> &Table() {
  static const std::vector<CatalogEntry> table = {
      // --- mmap arguments -------------------------------------------------------------------
      {"MMAP.ARGS.LENGTH_ZERO_EINVAL", "mmap() with length 0 fails with EINVAL",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnAll, ExpectErrno(EINVAL), CheckLengthZero},
      {"MMAP.FLAGS.NO_TYPE_EINVAL",
       "mmap() with neither MAP_SHARED nor MAP_PRIVATE in flags fails with EINVAL",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnAll, ExpectErrno(EINVAL), CheckNoMapType},
      {"MMAP.FLAGS.SHARED_AND_PRIVATE",
       "MAP_SHARED|MAP_PRIVATE equals MAP_SHARED_VALIDATE on Linux >= 4.15 and maps the file "
       "shared (POSIX: one or the other, not both; Linux < 4.15: EINVAL)",
       "Linux mmap(2) MAP_SHARED_VALIDATE", kLinuxMmap, I, kOnFiles, ExpectSuccess(),
       CheckSharedAndPrivate},
      {"MMAP.ALIGN.OFFSET_EINVAL",
       "mmap() with an offset that is not a multiple of the page size fails with EINVAL",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnFiles, ExpectErrno(EINVAL),
       CheckOffsetUnaligned},
      {"MMAP.ALIGN.FIXED_ADDR_EINVAL",
       "mmap(MAP_FIXED) at an address that is not page-aligned fails with EINVAL",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnAnon, ExpectErrno(EINVAL),
       CheckFixedUnaligned},
      {"MMAP.ALIGN.HINT_UNALIGNED_OK",
       "mmap() without MAP_FIXED accepts an unaligned address hint and returns a page-aligned, "
       "usable mapping",
       "POSIX.1-2017 mmap() DESCRIPTION", kPosixMmap, P, kOnAnon, ExpectSuccess(),
       CheckUnalignedHint},
      {"MMAP.FD.BAD_EBADF",
       "mmap() of a file mapping with a closed descriptor, or with fd -1 and no MAP_ANONYMOUS, "
       "fails with EBADF",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnAnon, ExpectErrno(EBADF), CheckBadFd},
      {"MMAP.FD.O_PATH_EBADF", "mmap() of an O_PATH descriptor fails with EBADF",
       "Linux mmap(2) ERRORS, open(2) O_PATH", kLinuxMmap, L, kOnFiles, ExpectErrno(EBADF),
       CheckOPathFd},
      {"MMAP.FLAGS.VALIDATE_UNKNOWN_EOPNOTSUPP",
       "mmap(MAP_SHARED_VALIDATE) with an unknown flag fails with EOPNOTSUPP",
       "Linux mmap(2) MAP_SHARED_VALIDATE", kLinuxMmap, L, kOnFiles, ExpectErrno(EOPNOTSUPP),
       CheckValidateUnknownFlag},
      {"MMAP.FLAGS.SHARED_IGNORES_UNKNOWN",
       "mmap(MAP_SHARED) ignores an unknown flag and maps the file shared",
       "Linux mmap(2) MAP_SHARED_VALIDATE", kLinuxMmap, L, kOnFiles, ExpectSuccess(),
       CheckSharedIgnoresUnknownFlag},
      {"MMAP.ARGS.HUGE_LENGTH_ENOMEM",
       "mmap() of SIZE_MAX rounded down to a page, and of 2^62 bytes where size_t has 64 bits, "
       "fails with ENOMEM",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnAnon, ExpectErrno(ENOMEM), CheckHugeLength},
      {"MMAP.ARGS.OFFSET_OVERFLOW_EOVERFLOW",
       "mmap() where offset + length exceeds the largest off_t fails with EOVERFLOW",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnFiles, ExpectErrno(EOVERFLOW),
       CheckOffsetOverflow},
      {"MMAP.ARGS.NEGATIVE_OFFSET",
       "mmap() with a negative page-aligned offset fails with EOVERFLOW on Linux (POSIX allows "
       "EINVAL or EOVERFLOW)",
       "Linux mm/mmap.c do_mmap() file_mmap_ok()", kLinuxDoMmap, I, kOnFiles,
       ExpectErrno(EOVERFLOW), CheckNegativeOffset},
      {"MMAP.ANON.FD_IGNORED",
       "mmap(MAP_ANONYMOUS) ignores fd: with an open file's fd it still maps zero-filled "
       "anonymous memory (BSDs fail with EINVAL)",
       "Linux mmap(2) MAP_ANONYMOUS", kLinuxMmap, I, kOnAnon, ExpectSuccess(),
       CheckAnonymousIgnoresFd},

      // --- open mode, inode attributes, file type -------------------------------------------
      {"MMAP.MODE.WRONLY_EACCES",
       "mmap() of a descriptor not open for reading fails with EACCES for every prot, "
       "MAP_SHARED or MAP_PRIVATE",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnFiles, ExpectErrno(EACCES),
       CheckWriteOnlyFd},
      {"MMAP.MODE.RDONLY_SHARED_WRITE_EACCES",
       "mmap(PROT_WRITE, MAP_SHARED) of an O_RDONLY descriptor fails with EACCES",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnFiles, ExpectErrno(EACCES),
       CheckReadOnlySharedWrite},
      {"MMAP.MODE.RDONLY_PRIVATE_WRITE_COW",
       "mmap(PROT_READ|PROT_WRITE, MAP_PRIVATE) of an O_RDONLY descriptor succeeds and stores "
       "stay in the private copy",
       "POSIX.1-2017 mmap() ERRORS, MAP_PRIVATE", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckReadOnlyPrivateWrite},
      {"MPROTECT.MODE.RDONLY_SHARED_ADD_WRITE_EACCES",
       "mprotect() adding PROT_WRITE to a MAP_SHARED mapping of an O_RDONLY descriptor fails "
       "with EACCES",
       "POSIX.1-2017 mprotect() ERRORS", kPosixMprotect, P, kOnFiles, ExpectErrno(EACCES),
       CheckMprotectReadOnlySharedAddWrite},
      {"MPROTECT.MODE.RDONLY_PRIVATE_ADD_WRITE_OK",
       "mprotect() adding PROT_WRITE to a MAP_PRIVATE mapping of an O_RDONLY descriptor "
       "succeeds; stores stay private",
       "POSIX.1-2017 mprotect() ERRORS", kPosixMprotect, P, kOnFiles, ExpectSuccess(),
       CheckMprotectReadOnlyPrivateAddWrite},
      {"MMAP.MODE.O_APPEND_SHARED_WRITE_OK",
       "mmap(PROT_READ|PROT_WRITE, MAP_SHARED) of an O_RDWR|O_APPEND descriptor succeeds and "
       "stores reach the file (only the append-only inode attribute is refused)",
       "Linux mm/mmap.c do_mmap(): IS_APPEND(inode)", kLinuxDoMmap, L, kOnFiles, ExpectSuccess(),
       CheckAppendFdSharedWrite},
      {"MMAP.MODE.APPEND_ONLY_SHARED_WRITE_EACCES",
       "mmap(PROT_READ|PROT_WRITE, MAP_SHARED) of an append-only file (chattr +a) fails with "
       "EACCES",
       "Linux mmap(2) ERRORS", kLinuxMmap, L, kOnFiles, ExpectErrno(EACCES),
       CheckAppendOnlyInodeShared},
      {"MMAP.MODE.APPEND_ONLY_SHARED_READ_EACCES",
       "mmap(PROT_READ, MAP_SHARED) of an append-only file through a writable descriptor fails "
       "with EACCES too (the kernel refuses any shared mapping; mmap(2) names only PROT_WRITE)",
       "Linux mm/mmap.c do_mmap(): IS_APPEND(inode)", kLinuxDoMmap, I, kOnFiles,
       ExpectErrno(EACCES), CheckAppendOnlyInodeSharedRead},
      {"MMAP.MODE.APPEND_ONLY_PRIVATE_OK",
       "an append-only file can be mapped MAP_PRIVATE (copy-on-write) and MAP_SHARED through an "
       "O_RDONLY descriptor",
       "Linux mm/mmap.c do_mmap(): IS_APPEND(inode)", kLinuxDoMmap, L, kOnFiles, ExpectSuccess(),
       CheckAppendOnlyInodePrivate},
      {"MMAP.FTYPE.PIPE_READ_ENODEV", "mmap() of a pipe's read end fails with ENODEV",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnAnon, ExpectErrno(ENODEV), CheckPipeReadEnd},
      {"MMAP.FTYPE.PIPE_WRITE_EACCES",
       "mmap() of a pipe's write end fails with EACCES (not open for reading is checked before "
       "the file type; POSIX allows EACCES or ENODEV)",
       "Linux mmap(2) ERRORS", kLinuxMmap, I, kOnAnon, ExpectErrno(EACCES), CheckPipeWriteEnd},
      {"MMAP.FTYPE.DIRECTORY_ENODEV", "mmap() of a directory fails with ENODEV",
       "POSIX.1-2017 mmap() ERRORS", kPosixMmap, P, kOnFiles, ExpectErrno(ENODEV), CheckDirectory},

      // --- access, munmap, mprotect, MAP_FIXED ----------------------------------------------
      {"MMAP.ACCESS.PROT_NONE_SIGSEGV",
       "a load from a PROT_NONE mapping raises SIGSEGV with si_code SEGV_ACCERR",
       "POSIX.1-2017 XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnAll,
       ExpectSignal(SIGSEGV, SEGV_ACCERR), CheckProtNoneAccess},
      {"MMAP.ACCESS.READONLY_STORE_SIGSEGV",
       "a store to a PROT_READ mapping raises SIGSEGV with si_code SEGV_ACCERR and changes "
       "nothing",
       "POSIX.1-2017 XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnAll,
       ExpectSignal(SIGSEGV, SEGV_ACCERR), CheckReadOnlyStore},
      {"MMAP.ACCESS.SIGSEGV_SI_ADDR",
       "the SIGSEGV of a protection fault carries the faulting byte's address in si_addr",
       "POSIX.1-2017 <signal.h> si_addr", kPosixSignal, P, kOnAnon, ExpectSuccess(),
       CheckSegvSiAddr},
      {"MUNMAP.ACCESS.AFTER_MUNMAP_SIGSEGV",
       "a load from a page after munmap() raises SIGSEGV with si_code SEGV_MAPERR",
       "POSIX.1-2017 munmap() DESCRIPTION", kPosixMunmap, P, kOnAll,
       ExpectSignal(SIGSEGV, SEGV_MAPERR), CheckAccessAfterMunmap},
      {"MUNMAP.PARTIAL.HOLE",
       "munmap() of the middle page of three keeps the outer pages and their contents; a load "
       "from the hole raises SIGSEGV (SEGV_MAPERR)",
       "POSIX.1-2017 munmap() DESCRIPTION", kPosixMunmap, P, kOnAll,
       ExpectSignal(SIGSEGV, SEGV_MAPERR), CheckPartialMunmap},
      {"MPROTECT.NONE_AND_BACK",
       "mprotect(PROT_NONE) blocks access and mprotect(PROT_READ|PROT_WRITE) restores it with the "
       "contents kept",
       "POSIX.1-2017 mprotect() DESCRIPTION", kPosixMprotect, P, kOnAll, ExpectSuccess(),
       CheckMprotectNoneAndBack},
      {"MMAP.FIXED.REPLACES", "mmap(MAP_FIXED) over existing pages replaces exactly those pages",
       "POSIX.1-2017 mmap() DESCRIPTION", kPosixMmap, P, kOnAll, ExpectSuccess(),
       CheckFixedReplaces},
      {"MMAP.FIXED_NOREPLACE.EEXIST",
       "mmap(MAP_FIXED_NOREPLACE) over an existing mapping fails with EEXIST and leaves it "
       "intact (skipped on Linux < 4.17)",
       "Linux mmap(2) MAP_FIXED_NOREPLACE", kLinuxMmap, L, kOnAnon, ExpectErrno(EEXIST),
       CheckFixedNoreplace},
      {"MMAP.ADDR.NEVER_ZERO",
       "without MAP_FIXED, mmap() never returns address 0 and never replaces an existing "
       "mapping",
       "POSIX.1-2017 mmap() DESCRIPTION", kPosixMmap, P, kOnAnon, ExpectSuccess(),
       CheckNeverZeroOrReplace},
      {"MUNMAP.ARGS.LENGTH_ZERO_EINVAL", "munmap() with length 0 fails with EINVAL",
       "POSIX.1-2017 munmap() ERRORS", kPosixMunmap, P, kOnAnon, ExpectErrno(EINVAL),
       CheckMunmapLengthZero},
      {"MUNMAP.ARGS.UNALIGNED_EINVAL",
       "munmap() at an address that is not page-aligned fails with EINVAL",
       "POSIX.1-2017 munmap() ERRORS", kPosixMunmap, P, kOnAnon, ExpectErrno(EINVAL),
       CheckMunmapUnaligned},
      {"MUNMAP.ARGS.UNMAPPED_OK", "munmap() of a range with no mapping succeeds",
       "POSIX.1-2017 munmap() DESCRIPTION", kPosixMunmap, P, kOnAnon, ExpectSuccess(),
       CheckMunmapUnmapped},
      {"MPROTECT.ARGS.UNALIGNED_EINVAL",
       "mprotect() at an address that is not page-aligned fails with EINVAL",
       "POSIX.1-2017 mprotect() ERRORS", kPosixMprotect, P, kOnAnon, ExpectErrno(EINVAL),
       CheckMprotectUnaligned},
      {"MPROTECT.ARGS.UNMAPPED_ENOMEM", "mprotect() of an unmapped page fails with ENOMEM",
       "POSIX.1-2017 mprotect() ERRORS", kPosixMprotect, P, kOnAnon, ExpectErrno(ENOMEM),
       CheckMprotectUnmapped},

      // --- end of file and file size ---------------------------------------------------------
      {"MMAP.EOF.TAIL_ZERO", "the part of the last page past EOF reads as zero",
       "POSIX.1-2017 mmap() DESCRIPTION", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckTailZeroFilled},
      {"MMAP.EOF.TAIL_STORES_NOT_IN_FILE",
       "stores past EOF in the last page never reach the file (size and bytes unchanged after "
       "msync and munmap)",
       "POSIX.1-2017 mmap() DESCRIPTION", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckTailStoresNotInFile},
      {"MMAP.EOF.TAIL_STORES_AFTER_GROW",
       "after the file grows, the range where stores were made past the old EOF reads as zero "
       "(Linux leaves this unspecified; tmpfs shows the old stores)",
       "Linux mmap(2) NOTES", kLinuxMmap, I, kOnFiles, ExpectSuccess(), CheckTailStoresAfterGrow},
      {"MMAP.EOF.PAST_EOF_LOAD_SIGBUS",
       "a load from a whole page past EOF raises SIGBUS with si_code BUS_ADRERR",
       "POSIX.1-2017 XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnFiles,
       ExpectSignal(SIGBUS, BUS_ADRERR), CheckPastEofLoad},
      {"MMAP.EOF.PAST_EOF_STORE_SIGBUS",
       "a store to a whole page past EOF raises SIGBUS (BUS_ADRERR) and does not grow the file",
       "POSIX.1-2017 XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnFiles,
       ExpectSignal(SIGBUS, BUS_ADRERR), CheckPastEofStore},
      {"MMAP.EOF.PRIVATE_PAST_EOF_SIGBUS",
       "a load from a whole page past EOF of a MAP_PRIVATE mapping raises SIGBUS (BUS_ADRERR)",
       "POSIX.1-2017 XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnFiles,
       ExpectSignal(SIGBUS, BUS_ADRERR), CheckPrivatePastEof},
      {"MMAP.EOF.OFFSET_BEYOND_EOF_SIGBUS",
       "mmap() at an offset 2 pages beyond EOF succeeds and a load raises SIGBUS (BUS_ADRERR)",
       "POSIX.1-2017 XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnFiles,
       ExpectSignal(SIGBUS, BUS_ADRERR), CheckOffsetBeyondEof},
      {"MMAP.EOF.EMPTY_FILE_SIGBUS",
       "mmap() of an empty file succeeds and a load raises SIGBUS (BUS_ADRERR)",
       "POSIX.1-2017 XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnFiles,
       ExpectSignal(SIGBUS, BUS_ADRERR), CheckEmptyFile},
      {"MMAP.EOF.TRUNCATE_SIGBUS",
       "after ftruncate() shrinks the file, a store to and a load from a page past the new EOF "
       "raise SIGBUS (BUS_ADRERR); the store does not grow the file",
       "POSIX.1-2017 XSH 2.8.3.3 Memory Protection", kPosixMemProt, P, kOnFiles,
       ExpectSignal(SIGBUS, BUS_ADRERR), CheckTruncateSigbus},
      {"MMAP.EOF.TRUNCATE_ZEROES_TAIL",
       "after ftruncate() shrinks the file into a page, the rest of that page reads as zero, "
       "and still does after the file grows again",
       "POSIX.1-2017 mmap() DESCRIPTION", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckTruncateZeroesTail},
      {"MMAP.EOF.GROW_ACCESSIBLE",
       "after ftruncate() grows the file, a page that raised SIGBUS reads as zero and stores to "
       "it reach the file",
       "POSIX.1-2017 mmap() DESCRIPTION", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckGrowMakesAccessible},
      {"MMAP.EOF.SYSCALL_EFAULT",
       "write() from and read() into a mapped page past EOF fail with EFAULT instead of raising "
       "SIGBUS",
       "Linux write(2), read(2) ERRORS", kLinuxWrite, L, kOnFiles, ExpectErrno(EFAULT),
       CheckSyscallPastEof},
      {"MMAP.EOF.SIGBUS_SI_ADDR",
       "the SIGBUS of an access past EOF carries the faulting byte's address in si_addr",
       "POSIX.1-2017 <signal.h> si_addr", kPosixSignal, P, kOnFiles, ExpectSuccess(),
       CheckSigbusSiAddr},

      // --- sharing, fork, anonymous memory ---------------------------------------------------
      {"MMAP.SHARED.VISIBLE_TO_READ",
       "stores to a MAP_SHARED mapping are visible to read() at once, without msync",
       "POSIX.1-2017 mmap() MAP_SHARED", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckSharedVisibleToRead},
      {"MMAP.SHARED.VISIBLE_TO_OTHER_MAPPING",
       "stores to a MAP_SHARED mapping are visible through another MAP_SHARED mapping of the "
       "file",
       "POSIX.1-2017 mmap() MAP_SHARED", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckSharedVisibleToOtherMapping},
      {"MMAP.SHARED.VISIBLE_TO_OTHER_PROCESS",
       "stores to MAP_SHARED mappings of one file made by two processes are visible to both",
       "POSIX.1-2017 mmap() MAP_SHARED", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckSharedVisibleToOtherProcess},
      {"MMAP.SHARED.PERSISTS",
       "after msync(MS_SYNC), munmap() and close() the file holds the stores",
       "POSIX.1-2017 msync() DESCRIPTION", kPosixMsync, P, kOnFiles, ExpectSuccess(),
       CheckSharedPersists},
      {"MMAP.SHARED.SEES_WRITE",
       "write() to the file is visible through an existing MAP_SHARED mapping",
       "POSIX.1-2017 mmap() MAP_SHARED", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckSharedSeesWrite},
      {"MMAP.PRIVATE.NOT_IN_FILE",
       "stores to a MAP_PRIVATE mapping never reach the file, also after msync and munmap",
       "POSIX.1-2017 mmap() MAP_PRIVATE", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckPrivateNotInFile},
      {"MMAP.PRIVATE.NOT_IN_OTHER_MAPPINGS",
       "stores to a MAP_PRIVATE mapping are not visible through other mappings of the file",
       "POSIX.1-2017 mmap() MAP_PRIVATE", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckPrivateNotInOtherMappings},
      {"MMAP.FORK.PRIVATE_COPIED",
       "after fork() a MAP_PRIVATE mapping is private to each process: stores made before fork "
       "are inherited, stores made after fork by either side are not seen by the other",
       "POSIX.1-2017 fork() DESCRIPTION", kPosixFork, P, kOnAll, ExpectSuccess(),
       CheckPrivateAcrossFork},
      {"MMAP.FORK.SHARED_STAYS_SHARED",
       "after fork() a MAP_SHARED mapping (of a file, or MAP_ANONYMOUS) stays shared: the "
       "child's stores reach the parent",
       "POSIX.1-2017 fork() DESCRIPTION", kPosixFork, P, kOnAll, ExpectSuccess(),
       CheckSharedAcrossFork},
      {"MMAP.PRIVATE.SEES_WRITE_UNTIL_COPIED",
       "an untouched MAP_PRIVATE page shows later write()s to the file; a page the process "
       "stored to does not (POSIX leaves this unspecified)",
       "POSIX.1-2017 mmap() MAP_PRIVATE", kPosixMmap, I, kOnFiles, ExpectSuccess(),
       CheckPrivateSeesWriteUntilCopied},
      {"MMAP.FILE.OFFSET_HONOURED",
       "a mapping made with offset = one page shows the file's bytes from that offset on",
       "POSIX.1-2017 mmap() DESCRIPTION", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckOffsetHonoured},
      {"MMAP.FILE.OFFSET_BEYOND_4GIB",
       "a mapping made at offset 4 GiB + one page of a sparse file shows the file's bytes there "
       "(32-bit ABIs pass the offset to mmap2 in pages: nothing may cut it to 32 bits)",
       "POSIX.1-2017 mmap() DESCRIPTION; Linux mmap2(2)", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckOffsetBeyond4GiB},
      {"MMAP.FILE.SURVIVES_CLOSE_UNLINK",
       "a MAP_SHARED mapping keeps working after close() of its descriptor and unlink() of the "
       "file",
       "POSIX.1-2017 mmap() DESCRIPTION", kPosixMmap, P, kOnFiles, ExpectSuccess(),
       CheckSurvivesCloseAndUnlink},
      {"MMAP.ANON.ZERO_FILLED",
       "MAP_PRIVATE and MAP_SHARED anonymous memory reads as zero, also when the range was "
       "just unmapped dirty",
       "Linux mmap(2) MAP_ANONYMOUS", kLinuxMmap, L, kOnAnon, ExpectSuccess(), CheckAnonZeroFilled},

      // --- msync, mremap ---------------------------------------------------------------------
      {"MSYNC.SYNC_OK", "msync(MS_SYNC) of a MAP_SHARED mapping succeeds",
       "POSIX.1-2017 msync() DESCRIPTION", kPosixMsync, P, kOnFiles, ExpectSuccess(),
       CheckMsyncSync},
      {"MSYNC.ASYNC_OK", "msync(MS_ASYNC) of a MAP_SHARED mapping succeeds",
       "POSIX.1-2017 msync() DESCRIPTION", kPosixMsync, P, kOnFiles, ExpectSuccess(),
       CheckMsyncAsync},
      {"MSYNC.ARGS.UNALIGNED_EINVAL",
       "msync() at an address that is not page-aligned fails with EINVAL",
       "POSIX.1-2017 msync() ERRORS", kPosixMsync, P, kOnAnon, ExpectErrno(EINVAL),
       CheckMsyncUnaligned},
      {"MSYNC.ARGS.BOTH_FLAGS_EINVAL", "msync(MS_SYNC|MS_ASYNC) fails with EINVAL",
       "POSIX.1-2017 msync() ERRORS", kPosixMsync, P, kOnAnon, ExpectErrno(EINVAL),
       CheckMsyncBothFlags},
      {"MSYNC.ARGS.UNMAPPED_ENOMEM", "msync() of an unmapped page fails with ENOMEM",
       "POSIX.1-2017 msync() ERRORS", kPosixMsync, P, kOnAnon, ExpectErrno(ENOMEM),
       CheckMsyncUnmapped},
      {"MSYNC.ARGS.NO_FLAGS_OK",
       "msync() with flags 0 succeeds on Linux (POSIX asks for MS_SYNC or MS_ASYNC)",
       "Linux msync(2) NOTES", kLinuxMsync, I, kOnAnon, ExpectSuccess(), CheckMsyncNoFlags},
      {"MREMAP.GROW_MAYMOVE",
       "mremap(MREMAP_MAYMOVE) moves and grows private and shared anonymous memory, keeping its "
       "contents, zero-filling the rest and unmapping the old range",
       "Linux mremap(2)", kLinuxMremap, L, kOnAnon, ExpectSuccess(), CheckMremapGrow},
      {"MREMAP.BLOCKED_ENOMEM",
       "mremap() without MREMAP_MAYMOVE fails with ENOMEM when the next page is taken",
       "Linux mremap(2) ERRORS", kLinuxMremap, L, kOnAnon, ExpectErrno(ENOMEM), CheckMremapBlocked},
      {"MREMAP.SHRINK_UNMAPS",
       "mremap() to a smaller size unmaps the tail: a load there raises SIGSEGV (SEGV_MAPERR)",
       "Linux mremap(2)", kLinuxMremap, L, kOnAnon, ExpectSignal(SIGSEGV, SEGV_MAPERR),
       CheckMremapShrink},

      // --- mmapkit's core library on this platform ------------------------------------------
      {"CORE.COPY.RANGE_UNALIGNED",
       "mk_copy_range copies a range across several windows at unaligned offsets, byte for "
       "byte, with every strategy, and leaves the source unchanged",
       "mmapkit copy.h", kCoreCopy, L, kOnFiles, ExpectSuccess(), CheckCopyRangeUnaligned},
      {"CORE.COPY.FILE_WINDOWS",
       "mk_copy_file copies a file in 2-page windows, keeps its mode and leaves no temporary "
       "file",
       "mmapkit copy.h", kCoreCopy, L, kOnFiles, ExpectSuccess(), CheckCopyFile},
      {"CORE.COPY.PAST_END_ENODATA",
       "mk_copy_range of a range past the end of the source fails with ENODATA and writes "
       "nothing",
       "mmapkit copy.h", kCoreCopy, L, kOnFiles, ExpectErrno(ENODATA), CheckCopyPastEnd},
      {"CORE.CHANNEL.FORK_ORDER",
       "messages sent through an mk_channel cross fork() whole and in order both ways; a "
       "receiver whose sender exited gets EPIPE",
       "mmapkit channel.h", kCoreChannel, L, kOnAnon, ExpectSuccess(), CheckChannelAcrossFork},
      {"CORE.CHANNEL.EMSGSIZE",
       "mk_channel_send of a message longer than the maximum and mk_channel_recv into a short "
       "buffer fail with EMSGSIZE and lose nothing",
       "mmapkit channel.h", kCoreChannel, L, kOnAnon, ExpectErrno(EMSGSIZE),
       CheckChannelMessageSize},
  };
  return table;
}

}  // namespace

const char *LevelName(Level level) {
  switch (level) {
    case Level::kPosix:
      return "posix";
    case Level::kLinux:
      return "linux";
    case Level::kImpl:
      return "impl";
  }
  return "?";
}

const std::vector<CatalogEntry> &Catalog() {
  // One table per family of system calls, in report order: the POSIX core
  // above, then each family's file under catalog/families/.
  static const std::vector<CatalogEntry> catalog = [] {
    std::vector<CatalogEntry> all = Table();
    for (const std::vector<CatalogEntry> *family :
         {&MmapArgsEntries(), &MmapFlagsEntries(), &MunmapEntries(), &MprotectMsyncEntries(),
          &MremapEntries(), &MadviseEntries(), &MlockMincoreEntries(), &MemfdMsealEntries()}) {
      all.insert(all.end(), family->begin(), family->end());
    }
    return all;
  }();
  return catalog;
}

std::string Row::Key() const {
  return std::string(entry->id) + "@" + FsName(fs);
}

std::vector<Row> RowsOf(const std::vector<CatalogEntry> &entries) {
  std::vector<Row> rows;
  for (const CatalogEntry &entry : entries) {
    for (Fs fs : {Fs::kDisk, Fs::kTmpfs, Fs::kAnon}) {
      unsigned bit = fs == Fs::kDisk ? kOnDisk : fs == Fs::kTmpfs ? kOnTmpfs : kOnAnon;
      if (entry.fs & bit) rows.push_back(Row{&entry, fs});
    }
  }
  return rows;
}

}  // namespace mk_conformance
