// conformance/checks/madvise.h - the checks of the madvise family's catalog rows
// (conformance/catalog/families/madvise.cc): madvise().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MADVISE_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MADVISE_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MADVISE_H_
