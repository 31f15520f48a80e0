// The catalog's rows for madvise().
// Each entry's check is declared in conformance/checks/madvise.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/madvise.h"

namespace mk_conformance {

using namespace sources;  // NOLINT: the table reads as prose

const std::vector<CatalogEntry> &MadviseEntries() {
  static const std::vector<CatalogEntry> table = {};
  return table;
}

}  // namespace mk_conformance
