// The catalog's rows for mremap().
// Each entry's check is declared in conformance/checks/mremap.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/mremap.h"

namespace mk_conformance {

using namespace sources;  // NOLINT: the table reads as prose

const std::vector<CatalogEntry> &MremapEntries() {
  static const std::vector<CatalogEntry> table = {};
  return table;
}

}  // namespace mk_conformance
