// conformance/catalog/families.h - the catalog's tables by family of system
// calls, one file each under catalog/families/. Catalog() joins them after
// the POSIX core table in catalog.cc, in this order.
#ifndef MMAPKIT_CONFORMANCE_CATALOG_FAMILIES_H_
#define MMAPKIT_CONFORMANCE_CATALOG_FAMILIES_H_

#include <vector>

#include "conformance/catalog/catalog.h"

namespace mk_conformance {

// families/mmap_args.cc: mmap() arguments, flags, file types, open modes, access, placement
// (MAP_FIXED, MAP_FIXED_NOREPLACE, hints).
const std::vector<CatalogEntry> &MmapArgsEntries();
// families/mmap_flags.cc: mmap() behaviour flags and limits (MAP_POPULATE, MAP_LOCKED,
// MAP_NORESERVE, MAP_GROWSDOWN, RLIMIT_AS), end of file, sharing, timestamps.
const std::vector<CatalogEntry> &MmapFlagsEntries();
// families/munmap.cc: munmap().
const std::vector<CatalogEntry> &MunmapEntries();
// families/mprotect_msync.cc: mprotect() and msync().
const std::vector<CatalogEntry> &MprotectMsyncEntries();
// families/mremap.cc: mremap().
const std::vector<CatalogEntry> &MremapEntries();
// families/madvise.cc: madvise().
const std::vector<CatalogEntry> &MadviseEntries();
// families/mlock_mincore.cc: mlock(), mlock2(), mlockall(), munlock(), munlockall(), RLIMIT_MEMLOCK
// and mincore().
const std::vector<CatalogEntry> &MlockMincoreEntries();
// families/memfd_mseal.cc: memfd seals against mmap(), and mseal().
const std::vector<CatalogEntry> &MemfdMsealEntries();

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CATALOG_FAMILIES_H_
