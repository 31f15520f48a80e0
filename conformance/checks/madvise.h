// conformance/checks/madvise.h - the checks of the madvise family's catalog rows
// (conformance/catalog/families/madvise.cc): madvise().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MADVISE_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MADVISE_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {

// MADV_DONTNEED: what is discarded and what is kept.
Observation CheckMadvDontneedPrivateAnon(const CheckEnv &env);
Observation CheckMadvDontneedChildCopyOnly(const CheckEnv &env);
Observation CheckMadvDontneedSharedKeeps(const CheckEnv &env);
Observation CheckMadvDontneedPrivateFile(const CheckEnv &env);
Observation CheckMadvDontneedProtNone(const CheckEnv &env);
Observation CheckMadvDontneedHugeSubrange(const CheckEnv &env);

// Argument validation.
Observation CheckMadvUnalignedStart(const CheckEnv &env);
Observation CheckMadvLengthZero(const CheckEnv &env);
Observation CheckMadvLengthOverflow(const CheckEnv &env);
Observation CheckMadvLengthRoundedUp(const CheckEnv &env);
Observation CheckMadvUnknownAdvice(const CheckEnv &env);
Observation CheckMadvHole(const CheckEnv &env);

// Advice refused for the kind of mapping.
Observation CheckMadvDontneedMlocked(const CheckEnv &env);
Observation CheckMadvRemoveMlocked(const CheckEnv &env);
Observation CheckMadvFreeFile(const CheckEnv &env);
Observation CheckMadvWipeonforkNotPrivateAnon(const CheckEnv &env);
Observation CheckMadvRemovePrivateAnon(const CheckEnv &env);
Observation CheckMadvAllAccepted(const CheckEnv &env);

// fork(): MADV_DONTFORK, MADV_WIPEONFORK, MADV_KEEPONFORK.
Observation CheckMadvDontfork(const CheckEnv &env);
Observation CheckMadvWipeonfork(const CheckEnv &env);
Observation CheckMadvKeeponfork(const CheckEnv &env);

// Linux 5.4 and later: MADV_COLD, MADV_PAGEOUT, MADV_POPULATE_*, MADV_DONTNEED_LOCKED,
// MADV_COLLAPSE, MADV_GUARD_*, and MADV_REMOVE of shared memory.
Observation CheckMadvColdPageoutKeepData(const CheckEnv &env);
Observation CheckMadvPopulateProtMismatch(const CheckEnv &env);
Observation CheckMadvPopulateHoles(const CheckEnv &env);
Observation CheckMadvPopulatePresent(const CheckEnv &env);
Observation CheckMadvPopulateSoftDirty(const CheckEnv &env);
Observation CheckMadvDontneedLocked(const CheckEnv &env);
Observation CheckMadvCollapse(const CheckEnv &env);
Observation CheckMadvGuard(const CheckEnv &env);
Observation CheckMadvRemoveShared(const CheckEnv &env);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MADVISE_H_
