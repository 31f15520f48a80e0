// conformance/checks/checks.h - every check function, grouped by the file
// that implements it. A check prepares what it needs in env.dir, does the one
// thing its catalog entry states, and returns what it observed; it never
// decides PASS or FAIL (the profile does) and never crashes its caller
// (faulting accesses run in a forked child).
#ifndef MMAPKIT_CONFORMANCE_CHECKS_CHECKS_H_
#define MMAPKIT_CONFORMANCE_CHECKS_CHECKS_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {

// args.cc: mmap argument validation.
Observation CheckLengthZero(const CheckEnv &env);
Observation CheckNoMapType(const CheckEnv &env);
Observation CheckSharedAndPrivate(const CheckEnv &env);
Observation CheckOffsetUnaligned(const CheckEnv &env);
Observation CheckFixedUnaligned(const CheckEnv &env);
Observation CheckUnalignedHint(const CheckEnv &env);
Observation CheckBadFd(const CheckEnv &env);
Observation CheckOPathFd(const CheckEnv &env);
Observation CheckValidateUnknownFlag(const CheckEnv &env);
Observation CheckSharedIgnoresUnknownFlag(const CheckEnv &env);
Observation CheckHugeLength(const CheckEnv &env);
Observation CheckOffsetOverflow(const CheckEnv &env);
Observation CheckNegativeOffset(const CheckEnv &env);
Observation CheckAnonymousIgnoresFd(const CheckEnv &env);

// open_mode.cc: open mode, inode attributes and file type.
Observation CheckWriteOnlyFd(const CheckEnv &env);
Observation CheckReadOnlySharedWrite(const CheckEnv &env);
Observation CheckReadOnlyPrivateWrite(const CheckEnv &env);
Observation CheckMprotectReadOnlySharedAddWrite(const CheckEnv &env);
Observation CheckMprotectReadOnlyPrivateAddWrite(const CheckEnv &env);
Observation CheckAppendFdSharedWrite(const CheckEnv &env);
Observation CheckAppendOnlyInodeShared(const CheckEnv &env);
Observation CheckAppendOnlyInodeSharedRead(const CheckEnv &env);
Observation CheckAppendOnlyInodePrivate(const CheckEnv &env);
Observation CheckPipeReadEnd(const CheckEnv &env);
Observation CheckPipeWriteEnd(const CheckEnv &env);
Observation CheckDirectory(const CheckEnv &env);

// access.cc: protection, faults, munmap, mprotect, MAP_FIXED.
Observation CheckProtNoneAccess(const CheckEnv &env);
Observation CheckReadOnlyStore(const CheckEnv &env);
Observation CheckSegvSiAddr(const CheckEnv &env);
Observation CheckAccessAfterMunmap(const CheckEnv &env);
Observation CheckPartialMunmap(const CheckEnv &env);
Observation CheckMprotectNoneAndBack(const CheckEnv &env);
Observation CheckFixedReplaces(const CheckEnv &env);
Observation CheckFixedNoreplace(const CheckEnv &env);
Observation CheckNeverZeroOrReplace(const CheckEnv &env);
Observation CheckMunmapLengthZero(const CheckEnv &env);
Observation CheckMunmapUnaligned(const CheckEnv &env);
Observation CheckMunmapUnmapped(const CheckEnv &env);
Observation CheckMprotectUnaligned(const CheckEnv &env);
Observation CheckMprotectUnmapped(const CheckEnv &env);

// eof.cc: end of file and file size changes.
Observation CheckTailZeroFilled(const CheckEnv &env);
Observation CheckTailStoresNotInFile(const CheckEnv &env);
Observation CheckTailStoresAfterGrow(const CheckEnv &env);
Observation CheckPastEofLoad(const CheckEnv &env);
Observation CheckPastEofStore(const CheckEnv &env);
Observation CheckPrivatePastEof(const CheckEnv &env);
Observation CheckOffsetBeyondEof(const CheckEnv &env);
Observation CheckEmptyFile(const CheckEnv &env);
Observation CheckTruncateSigbus(const CheckEnv &env);
Observation CheckTruncateZeroesTail(const CheckEnv &env);
Observation CheckGrowMakesAccessible(const CheckEnv &env);
Observation CheckSyscallPastEof(const CheckEnv &env);
Observation CheckSigbusSiAddr(const CheckEnv &env);

// sharing.cc: MAP_SHARED / MAP_PRIVATE visibility, fork, anonymous memory.
Observation CheckSharedVisibleToRead(const CheckEnv &env);
Observation CheckSharedVisibleToOtherMapping(const CheckEnv &env);
Observation CheckSharedVisibleToOtherProcess(const CheckEnv &env);
Observation CheckSharedPersists(const CheckEnv &env);
Observation CheckSharedSeesWrite(const CheckEnv &env);
Observation CheckPrivateNotInFile(const CheckEnv &env);
Observation CheckPrivateNotInOtherMappings(const CheckEnv &env);
Observation CheckPrivateAcrossFork(const CheckEnv &env);
Observation CheckSharedAcrossFork(const CheckEnv &env);
Observation CheckPrivateSeesWriteUntilCopied(const CheckEnv &env);
Observation CheckSurvivesCloseAndUnlink(const CheckEnv &env);
Observation CheckOffsetHonoured(const CheckEnv &env);
Observation CheckOffsetBeyond4GiB(const CheckEnv &env);
Observation CheckAnonZeroFilled(const CheckEnv &env);

// sync.cc: msync and mremap.
Observation CheckMsyncSync(const CheckEnv &env);
Observation CheckMsyncAsync(const CheckEnv &env);
Observation CheckMsyncUnaligned(const CheckEnv &env);
Observation CheckMsyncBothFlags(const CheckEnv &env);
Observation CheckMsyncUnmapped(const CheckEnv &env);
Observation CheckMsyncNoFlags(const CheckEnv &env);
Observation CheckMremapGrow(const CheckEnv &env);
Observation CheckMremapBlocked(const CheckEnv &env);
Observation CheckMremapShrink(const CheckEnv &env);

// core_lib.cc: mmapkit's core library on this platform.
Observation CheckCopyRangeUnaligned(const CheckEnv &env);
Observation CheckCopyFile(const CheckEnv &env);
Observation CheckCopyPastEnd(const CheckEnv &env);
Observation CheckChannelAcrossFork(const CheckEnv &env);
Observation CheckChannelMessageSize(const CheckEnv &env);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_CHECKS_H_
