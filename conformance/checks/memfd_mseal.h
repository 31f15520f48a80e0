// conformance/checks/memfd_mseal.h - the checks of the memfd_mseal family's catalog rows
// (conformance/catalog/families/memfd_mseal.cc): memfd seals against mmap(), and mseal().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MEMFD_MSEAL_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MEMFD_MSEAL_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {

// The named variant of MEMFD.SEAL_WRITE.SHARED_READ_NO_WRITE: mmap(PROT_READ,
// MAP_SHARED) of an F_SEAL_WRITE memfd fails with EPERM (kernels before the VM_MAYWRITE
// rework of sealed shmem).
constexpr const char *kSealedReadOnlySharedRefused = "read-only-shared-refused";

Observation CheckSealWriteSharedWrite(const CheckEnv &env);
Observation CheckSealWritePrivateOk(const CheckEnv &env);
Observation CheckSealWriteSharedReadNoWrite(const CheckEnv &env);
Observation CheckSealWriteBusy(const CheckEnv &env);
Observation CheckSealWritePrivateNoBlock(const CheckEnv &env);
Observation CheckSealRejectedAddsNone(const CheckEnv &env);
Observation CheckSealFutureWrite(const CheckEnv &env);
Observation CheckMsealBlocksChanges(const CheckEnv &env);
Observation CheckMsealInvalidArgs(const CheckEnv &env);
Observation CheckMsealUnmapped(const CheckEnv &env);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MEMFD_MSEAL_H_
