// conformance/checks/mlock_mincore.h - the checks of the mlock_mincore family's catalog rows
// (conformance/catalog/families/mlock_mincore.cc): mlock(), mlock2(), mlockall(), munlock(),
// munlockall(), RLIMIT_MEMLOCK and mincore().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MLOCK_MINCORE_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MLOCK_MINCORE_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MLOCK_MINCORE_H_
