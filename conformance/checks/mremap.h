// conformance/checks/mremap.h - the checks of the mremap family's catalog rows
// (conformance/catalog/families/mremap.cc): mremap().
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MREMAP_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MREMAP_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MREMAP_H_
