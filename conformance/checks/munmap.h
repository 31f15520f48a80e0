// conformance/checks/munmap.h - the checks of the munmap family's catalog rows
// (conformance/catalog/families/munmap.cc): munmap().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MUNMAP_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MUNMAP_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {

// munmap.cc
Observation CheckMunmapBeyondAddressSpace(const CheckEnv &env);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MUNMAP_H_
