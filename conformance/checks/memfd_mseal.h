// conformance/checks/memfd_mseal.h - the checks of the memfd_mseal family's catalog rows
// (conformance/catalog/families/memfd_mseal.cc): memfd seals against mmap(), and mseal().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MEMFD_MSEAL_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MEMFD_MSEAL_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MEMFD_MSEAL_H_
