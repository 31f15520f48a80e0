// conformance/checks/mmap_args.h - the checks of the mmap_args family's catalog rows
// (conformance/catalog/families/mmap_args.cc): mmap() arguments, flags, file types, open modes,
// access, placement (MAP_FIXED, MAP_FIXED_NOREPLACE, hints).
#ifndef MMAPKIT_CONFORMANCE_CHECKS_MMAP_ARGS_H_
#define MMAPKIT_CONFORMANCE_CHECKS_MMAP_ARGS_H_

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CHECKS_MMAP_ARGS_H_
