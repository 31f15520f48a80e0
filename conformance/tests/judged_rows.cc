// Report rows for tests of the outputs (see judged_rows.h).
#include "conformance/tests/judged_rows.h"

#include <string>

#include "conformance/profile/profile.h"
#include "gtest/gtest.h"

namespace mk_conformance {

const CatalogEntry &Entry(const char *id) {
  for (const CatalogEntry &e : Catalog()) {
    if (std::string(e.id) == id) return e;
  }
  ADD_FAILURE() << "no catalog entry " << id;
  return Catalog()[0];
}

RowReport Report(const char *id, Fs fs, const Observation &o) {
  Row row{&Entry(id), fs};
  return RowReport{row, o, Evaluate(row, o, *FindProfile("linux"))};
}

}  // namespace mk_conformance
