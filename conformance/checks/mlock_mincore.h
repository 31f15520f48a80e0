// conformance/checks/mlock_mincore.h - the checks of the mlock_mincore family's catalog rows
// (conformance/catalog/families/mlock_mincore.cc): mlock(), mlock2(), mlockall(), munlock(),
// munlockall(), RLIMIT_MEMLOCK and mincore().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MLOCK_MINCORE_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MLOCK_MINCORE_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {

Observation CheckMlockLocksRange(const CheckEnv &env);
Observation CheckMlockProtNone(const CheckEnv &env);
Observation CheckMlockSharedWriteOnly(const CheckEnv &env);
Observation CheckMlockNotInherited(const CheckEnv &env);
Observation CheckMlockRlimitZero(const CheckEnv &env);
Observation CheckMlockRlimitExceeded(const CheckEnv &env);
Observation CheckMlockHole(const CheckEnv &env);
Observation CheckMlockUnaligned(const CheckEnv &env);
Observation CheckMunlockUnlocks(const CheckEnv &env);
Observation CheckMlockallFuture(const CheckEnv &env);
Observation CheckMlockallBadFlags(const CheckEnv &env);
Observation CheckMlock2NoFlags(const CheckEnv &env);
Observation CheckMlock2Onfault(const CheckEnv &env);
Observation CheckMlock2UnknownFlags(const CheckEnv &env);
Observation CheckMlockOnfaultCountedOnce(const CheckEnv &env);
Observation CheckMunlockSplitsVma(const CheckEnv &env);
Observation CheckMlockDroppable(const CheckEnv &env);
Observation CheckMincoreAnonResidency(const CheckEnv &env);
Observation CheckMincoreUnaligned(const CheckEnv &env);
Observation CheckMincoreLengthRounded(const CheckEnv &env);
Observation CheckMincoreLengthZero(const CheckEnv &env);
Observation CheckMincoreHugeLength(const CheckEnv &env);
Observation CheckMincoreBadVector(const CheckEnv &env);
Observation CheckMincoreUnmapped(const CheckEnv &env);
Observation CheckMincoreFilePages(const CheckEnv &env);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MLOCK_MINCORE_H_
