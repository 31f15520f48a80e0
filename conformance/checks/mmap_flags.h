// conformance/checks/mmap_flags.h - the checks of the mmap_flags family's catalog rows
// (conformance/catalog/families/mmap_flags.cc): mmap() behaviour flags and limits (MAP_POPULATE,
// MAP_LOCKED, MAP_NORESERVE, MAP_GROWSDOWN, RLIMIT_AS), end of file, sharing, timestamps.
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MMAP_FLAGS_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MMAP_FLAGS_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MMAP_FLAGS_H_
