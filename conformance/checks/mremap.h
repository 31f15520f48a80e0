// conformance/checks/mremap.h - the checks of the mremap family's catalog rows
// (conformance/catalog/families/mremap.cc): mremap().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MREMAP_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MREMAP_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {

Observation CheckMremapUnalignedOld(const CheckEnv &env);
Observation CheckMremapUnmappedOld(const CheckEnv &env);
Observation CheckMremapFixedWithoutMaymove(const CheckEnv &env);
Observation CheckMremapFixedUnalignedNew(const CheckEnv &env);
Observation CheckMremapFixedOverlap(const CheckEnv &env);
Observation CheckMremapUnknownFlags(const CheckEnv &env);
Observation CheckMremapNewLenZero(const CheckEnv &env);
Observation CheckMremapDontunmapWithoutMaymove(const CheckEnv &env);
Observation CheckMremapDontunmapResize(const CheckEnv &env);
Observation CheckMremapCopyPrivate(const CheckEnv &env);
Observation CheckMremapCopyWithoutMaymove(const CheckEnv &env);
Observation CheckMremapCopyShared(const CheckEnv &env);
Observation CheckMremapSameSize(const CheckEnv &env);
Observation CheckMremapShrinkFront(const CheckEnv &env);
Observation CheckMremapShrinkAcrossVmas(const CheckEnv &env);
Observation CheckMremapGrowInPlace(const CheckEnv &env);
Observation CheckMremapFixedMoves(const CheckEnv &env);
Observation CheckMremapFixedShrink(const CheckEnv &env);
Observation CheckMremapFixedGrow(const CheckEnv &env);
Observation CheckMremapFixedSplitSource(const CheckEnv &env);
Observation CheckMremapFixedMultiVma(const CheckEnv &env);
Observation CheckMremapMoveLargeAligned(const CheckEnv &env);
Observation CheckMremapSharedAnonGrowSigbus(const CheckEnv &env);
Observation CheckMremapSharedAnonShrinkKeeps(const CheckEnv &env);
Observation CheckMremapPrivateFileGrow(const CheckEnv &env);
Observation CheckMremapSharedFileGrow(const CheckEnv &env);
Observation CheckMremapLockedStaysLocked(const CheckEnv &env);
Observation CheckMremapLockedRlimit(const CheckEnv &env);
Observation CheckMremapDontunmapPrivate(const CheckEnv &env);
Observation CheckMremapDontunmapShared(const CheckEnv &env);
Observation CheckMremapDontunmapFixed(const CheckEnv &env);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MREMAP_H_
