// The catalog's rows for munmap().
// Each entry's check is declared in conformance/checks/munmap.h.
#include <signal.h>

#include <cerrno>

#include "conformance/catalog/families.h"
#include "conformance/catalog/sources.h"
#include "conformance/checks/munmap.h"

namespace mk_conformance {

using namespace sources;  // NOLINT: the table reads as prose

const std::vector<CatalogEntry> &MunmapEntries() {
  static const std::vector<CatalogEntry> table = {
      {"MUNMAP.ARGS.BEYOND_ADDRESS_SPACE_EINVAL",
       "munmap() of a length that wraps past the end of the address space when rounded up to a "
       "page, or of the last page of the address space, fails with EINVAL and unmaps nothing",
       "POSIX.1-2017 munmap() ERRORS; gVisor munmap.cc LastPageRoundUp", kPosixMunmap, P, kOnAnon,
       ExpectErrno(EINVAL), CheckMunmapBeyondAddressSpace},
  };
  return table;
}

}  // namespace mk_conformance
