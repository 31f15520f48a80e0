// The catalog's rows for mmap() arguments, flags, file types, open modes, access, placement
// (MAP_FIXED, MAP_FIXED_NOREPLACE, hints). Each entry's check is declared in
// conformance/checks/mmap_args.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/mmap_args.h"

namespace mk_conformance {

using namespace sources;  // NOLINT: the table reads as prose

const std::vector<CatalogEntry> &MmapArgsEntries() {
  static const std::vector<CatalogEntry> table = {};
  return table;
}

}  // namespace mk_conformance
