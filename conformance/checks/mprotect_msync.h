// conformance/checks/mprotect_msync.h - the checks of the mprotect_msync family's catalog rows
// (conformance/catalog/families/mprotect_msync.cc): mprotect() and msync().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MPROTECT_MSYNC_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MPROTECT_MSYNC_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MPROTECT_MSYNC_H_
