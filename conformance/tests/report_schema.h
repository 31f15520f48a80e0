// conformance/tests/report_schema.h - the JSON report's documented schema
// (conformance/README.md) as googletest expectations, shared by the unit test
// of the renderer and the test of the built report binaries.
#ifndef MMAPKIT_CONFORMANCE_TESTS_REPORT_SCHEMA_H_
#define MMAPKIT_CONFORMANCE_TESTS_REPORT_SCHEMA_H_

#include <string>

#include "conformance/report/json_reader.h"

namespace mk_conformance {

// Parses text and checks every documented field, its type and allowed
// values, that keys are ID@fs and unique, and that the summary counts the
// results. Adds googletest failures; returns the document.
JsonValue ExpectValidReport(const std::string &text);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_TESTS_REPORT_SCHEMA_H_
