// conformance/report/json_reader.h - a small strict JSON parser: the report
// reads its own JSON files with it (--compare), and the tests check that the
// report's JSON is valid and has the documented shape.
#ifndef MMAPKIT_CONFORMANCE_REPORT_JSON_READER_H_
#define MMAPKIT_CONFORMANCE_REPORT_JSON_READER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mk_conformance {

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::map<std::string, JsonValue> object;
  std::vector<std::string> keys;  // object keys in document order

  bool Has(const std::string &key) const { return object.count(key) != 0; }
  const JsonValue &operator[](const std::string &key) const { return object.at(key); }
};

// Parses the whole text; returns false and sets *error (with the offset) on
// malformed input, trailing garbage or duplicate keys.
bool ParseJson(const std::string &text, JsonValue *value, std::string *error);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_REPORT_JSON_READER_H_
