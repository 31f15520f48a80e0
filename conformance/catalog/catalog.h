// conformance/catalog/catalog.h - the catalog of mmap semantics: one entry
// per semantic with a stable ID, a one-line statement, its source and level,
// the file systems it runs on, the Linux expectation and its check function.
// The same list names the googletests, the report rows, the JSON keys and
// the fault-injection shims.
#ifndef MMAPKIT_CONFORMANCE_CATALOG_CATALOG_H_
#define MMAPKIT_CONFORMANCE_CATALOG_CATALOG_H_

#include <string>
#include <vector>

#include "conformance/catalog/observation.h"
#include "conformance/checks/check_env.h"

namespace mk_conformance {

// Who requires the behaviour.
enum class Level {
  kPosix,  // POSIX.1-2017 requires it
  kLinux,  // a Linux interface or Linux's documented behaviour
  kImpl,   // implementation-defined: POSIX leaves a choice, Linux makes one
};
const char *LevelName(Level level);  // "posix", "linux", "impl"

// Which file systems an entry runs on (a bit per Fs).
constexpr unsigned kOnDisk = 1u << 0;
constexpr unsigned kOnTmpfs = 1u << 1;
constexpr unsigned kOnAnon = 1u << 2;
constexpr unsigned kOnFiles = kOnDisk | kOnTmpfs;
constexpr unsigned kOnAll = kOnFiles | kOnAnon;

using CheckFn = Observation (*)(const CheckEnv &env);

struct CatalogEntry {
  const char *id;         // "MMAP.ALIGN.OFFSET_EINVAL": stable, never reused
  const char *statement;  // one line, with the exact errno / signal
  const char *source;     // "POSIX.1-2017 mmap() ERRORS"
  const char *url;        // where the source says so
  Level level;
  unsigned fs;           // kOn* bits
  Expectation expected;  // what Linux does; profiles may differ
  CheckFn check;
};

// Every entry, in report order. IDs are unique.
const std::vector<CatalogEntry> &Catalog();

// One entry on one file system: a report row, a googletest, a JSON key.
struct Row {
  const CatalogEntry *entry;
  Fs fs;
  // "MMAP.ALIGN.OFFSET_EINVAL@disk"
  std::string Key() const;
};

// Every (entry, fs) pair of entries, in order: entry by entry, then disk,
// tmpfs, anon.
std::vector<Row> RowsOf(const std::vector<CatalogEntry> &entries);

// A fingerprint of the catalog ("fnv1a64:0123456789abcdef" over every entry's
// ID, file systems, level, statement and expectation): reports compare row by
// row only when theirs are equal.
std::string CatalogVersion();

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_CATALOG_CATALOG_H_
