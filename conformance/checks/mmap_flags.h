// conformance/checks/mmap_flags.h - the checks of the mmap_flags family's catalog rows
// (conformance/catalog/families/mmap_flags.cc): mmap() behaviour flags and limits (MAP_POPULATE,
// MAP_LOCKED, MAP_NORESERVE, MAP_GROWSDOWN, RLIMIT_AS), end of file, sharing, timestamps.
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MMAP_FLAGS_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MMAP_FLAGS_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {

// mmap_flags.cc: MAP_POPULATE, MAP_LOCKED and RLIMIT_MEMLOCK, MAP_GROWSDOWN.
Observation CheckPopulatePastEof(const CheckEnv &env);
Observation CheckPopulatePrefaults(const CheckEnv &env);
Observation CheckPopulatePrivateCopies(const CheckEnv &env);
Observation CheckLockedLocks(const CheckEnv &env);
Observation CheckLockedLimitZero(const CheckEnv &env);
Observation CheckLockedLimitExceeded(const CheckEnv &env);
Observation CheckMlockallFutureLimit(const CheckEnv &env);
Observation CheckGrowsDownGrows(const CheckEnv &env);
Observation CheckGrowsDownGuardGap(const CheckEnv &env);
Observation CheckGrowsDownShared(const CheckEnv &env);

// eof.cc: a copied-on-write private page and truncation.
Observation CheckTruncateDropsPrivateCopy(const CheckEnv &env);

// sharing.cc: syscalls on mapped memory, timestamps.
Observation CheckSelfReadWrite(const CheckEnv &env);
Observation CheckSyscallStoreUnsharesCow(const CheckEnv &env);
Observation CheckStoreMarksMtime(const CheckEnv &env);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MMAP_FLAGS_H_
