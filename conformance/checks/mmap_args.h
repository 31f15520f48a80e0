// conformance/checks/mmap_args.h - the checks of the mmap_args family's catalog rows
// (conformance/catalog/families/mmap_args.cc): mmap() arguments, flags, file types, open modes,
// access, placement (MAP_FIXED, MAP_FIXED_NOREPLACE, hints).
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MMAP_ARGS_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MMAP_ARGS_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

#include <string>

namespace mk_conformance {

// True, with *skip set to SkippedBeforeKernel(since, ...), when the running kernel
// reports a Linux version below since: rows that need a kernel feature decide by the
// version the platform claims, never by probing the behaviour under test.
bool KernelPredates(KernelVersion since, const std::string &what, Observation *skip);

// mmap_args.cc: argument edges and flags.
Observation CheckSharedAndPrivateAnon(const CheckEnv &env);
Observation CheckLengthRoundsToZero(const CheckEnv &env);
Observation CheckLastPageOffset(const CheckEnv &env);
Observation CheckFixedAtTop(const CheckEnv &env);
Observation CheckPartialPageLength(const CheckEnv &env);
Observation CheckMapStack(const CheckEnv &env);
Observation CheckMap32Bit(const CheckEnv &env);
Observation CheckProtCombinations(const CheckEnv &env);
Observation CheckNoreserveUsable(const CheckEnv &env);
Observation CheckRlimitAs(const CheckEnv &env);

// The named variant of MMAP.MODE.EXEC_ONLY_SHARED_OK: PROT_EXEC alone gives no read
// access (hardware with execute-only pages).
constexpr const char *kExecuteOnlyVariant = "execute-only";

// mmap_args.cc: special files, execute permission.
Observation CheckCharDevice(const CheckEnv &env);
Observation CheckDevZero(const CheckEnv &env);
Observation CheckExecOnlyShared(const CheckEnv &env);
Observation CheckProtExecRuns(const CheckEnv &env);
Observation CheckNoExecFaults(const CheckEnv &env);

// mmap_args.cc: MAP_FIXED_NOREPLACE placement.
Observation CheckNoreplaceFreeRange(const CheckEnv &env);
Observation CheckNoreplacePartialOverlap(const CheckEnv &env);
Observation CheckNoreplaceAdjacent(const CheckEnv &env);
Observation CheckNoreplaceWithFixed(const CheckEnv &env);
Observation CheckNoreplaceUnaligned(const CheckEnv &env);

// access.cc: protection faults.
Observation CheckProtNoneStore(const CheckEnv &env);
Observation CheckWriteOnlyReadable(const CheckEnv &env);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MMAP_ARGS_H_
