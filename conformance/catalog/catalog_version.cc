// CatalogVersion(): a fingerprint of the catalog table (see catalog.h).
#include <cstdint>
#include <cstdio>

#include "conformance/catalog/catalog.h"

namespace mk_conformance {

namespace {

// FNV-1a: simple, stable across builds and architectures.
void Mix(uint64_t *hash, const std::string &text) {
  for (unsigned char c : text + '\0') {
    *hash ^= c;
    *hash *= 1099511628211ull;
  }
}

}  // namespace

std::string CatalogVersion() {
  uint64_t hash = 14695981039346656037ull;
  for (const CatalogEntry &e : Catalog()) {
    Mix(&hash, e.id);
    Mix(&hash, e.statement);
    Mix(&hash, LevelName(e.level));
    Mix(&hash, std::to_string(e.fs));
    Mix(&hash, Describe(e.expected));
  }
  char text[32];
  std::snprintf(text, sizeof text, "fnv1a64:%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace mk_conformance
