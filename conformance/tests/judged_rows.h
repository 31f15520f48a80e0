// conformance/tests/judged_rows.h - report rows for tests of the outputs:
// a catalog entry by ID, and a row judged under the linux profile.
#ifndef MMAPKIT_CONFORMANCE_TESTS_JUDGED_ROWS_H_
#define MMAPKIT_CONFORMANCE_TESTS_JUDGED_ROWS_H_

#include "conformance/catalog/catalog.h"
#include "conformance/catalog/observation.h"
#include "conformance/report/output.h"

namespace mk_conformance {

// The catalog entry with this ID; a test failure (and the first entry) if none.
const CatalogEntry &Entry(const char *id);

// The row (id, fs) with observation o, judged by the linux profile here.
RowReport Report(const char *id, Fs fs, const Observation &o);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_TESTS_JUDGED_ROWS_H_
