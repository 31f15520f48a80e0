// conformance/checks/mprotect_msync.h - the checks of the mprotect_msync family's catalog rows
// (conformance/catalog/families/mprotect_msync.cc): mprotect() and msync().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MPROTECT_MSYNC_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MPROTECT_MSYNC_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {

// mprotect_msync.cc: protection changes of present pages, ranges and arguments.
Observation CheckMprotectNoneLoad(const CheckEnv &env);
Observation CheckMprotectReadOnlyStore(const CheckEnv &env);
Observation CheckMprotectHugeLength(const CheckEnv &env);
Observation CheckMprotectSeveralMappings(const CheckEnv &env);
Observation CheckMprotectUnknownProt(const CheckEnv &env);
Observation CheckNoexecMountExec(const CheckEnv &env);

// mprotect_msync.cc: msync of every mapping type, lengths, flags, locked pages.
Observation CheckMsyncMappingTypes(const CheckEnv &env);
// sync.cc (beside the other unmapped-range check).
Observation CheckMsyncZeroLengthUnmapped(const CheckEnv &env);
Observation CheckMsyncUnalignedLength(const CheckEnv &env);
Observation CheckMsyncUnknownFlag(const CheckEnv &env);
Observation CheckMsyncInvalidate(const CheckEnv &env);
Observation CheckMsyncInvalidateLocked(const CheckEnv &env);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MPROTECT_MSYNC_H_
