// Comparing two JSON reports (see compare.h).
#include "conformance/report/compare.h"

#include <cerrno>
#include <cstring>
#include <map>
#include <vector>

#include "conformance/report/json_reader.h"
#include "conformance/testing/fixtures.h"

namespace mk_conformance {

namespace {

using Type = JsonValue::Type;

// A string field of an object, "" when absent or not a string.
std::string Text(const JsonValue &object, const char *name) {
  if (object.type != Type::kObject || !object.Has(name)) return "";
  const JsonValue &v = object[name];
  return v.type == Type::kString ? v.string : "";
}

struct RowResult {
  std::string result, observed, detail;
};

struct LoadedReport {
  std::string platform;                   // one line: uname, label, environment
  std::vector<std::string> order;         // keys in report order
  std::map<std::string, RowResult> rows;  // by key
  std::string catalog;
};

// Checks that doc is a report of this kind and reads it; "" or the problem.
std::string Load(const std::string &path, const std::string &text, LoadedReport *out) {
  JsonValue doc;
  std::string error;
  if (!ParseJson(text, &doc, &error)) return path + " is not valid JSON: " + error;
  if (doc.type != Type::kObject || !doc.Has("schema") || !doc.Has("results")) {
    return path + " is not an mmapkit conformance report (no \"schema\" and \"results\")";
  }
  if (doc["schema"].type != Type::kNumber || doc["schema"].number != 1) {
    return path + " has report schema " +
           (doc["schema"].type == Type::kNumber ? std::to_string(doc["schema"].number)
                                                : std::string("?")) +
           "; this report reads schema 1";
  }
  const JsonValue &catalog = doc.Has("catalog") ? doc["catalog"] : JsonValue();
  out->catalog = Text(catalog, "version");
  if (out->catalog.empty()) {
    return path +
           " does not name its catalog version (written by an older report): run "
           "both reports with the same mmapkit";
  }
  const JsonValue &p = doc.Has("platform") ? doc["platform"] : JsonValue();
  out->platform = Text(p, "sysname") + " " + Text(p, "release") + " " + Text(p, "machine");
  if (!Text(p, "label").empty()) out->platform += " \"" + Text(p, "label") + "\"";
  std::string environment = Text(p, "environment_summary");
  if (!environment.empty()) out->platform += ", " + environment;
  out->platform += ", profile " + Text(doc, "profile");
  if (doc["results"].type != Type::kArray) return path + ": \"results\" is not an array";
  for (const JsonValue &r : doc["results"].array) {
    std::string key = Text(r, "key");
    if (key.empty()) return path + ": a result without a \"key\"";
    if (out->rows.count(key) != 0) return path + ": " + key + " appears twice";
    out->order.push_back(key);
    out->rows[key] = {Text(r, "result"), Text(r, "observed"), Text(r, "detail")};
  }
  return "";
}

std::string Side(const char *name, const RowResult &r) {
  return std::string("    ") + name + ": " + r.result + ", observed " + r.observed +
         (r.detail.empty() ? "" : ": " + r.detail) + "\n";
}

}  // namespace

Comparison CompareReports(const std::string &path_a, const std::string &text_a,
                          const std::string &path_b, const std::string &text_b) {
  Comparison c;
  LoadedReport a, b;
  c.error = Load(path_a, text_a, &a);
  if (c.error.empty()) c.error = Load(path_b, text_b, &b);
  if (c.error.empty() && a.catalog != b.catalog) {
    c.error = path_a + " was written with catalog " + a.catalog + ", " + path_b + " with " +
              b.catalog +
              ": rows of different catalog versions do not compare; run both "
              "platforms with the same mmapkit";
  }
  if (!c.error.empty()) return c;

  c.text = "A: " + path_a + ": " + a.platform + "\nB: " + path_b + ": " + b.platform + "\n\n";
  int both = 0;
  for (const std::string &key : a.order) {
    auto in_b = b.rows.find(key);
    const RowResult &ra = a.rows[key];
    if (in_b == b.rows.end()) {
      c.only_a++;
      c.text += key + "  only in A (" + ra.result + ")\n";
      continue;
    }
    both++;
    const RowResult &rb = in_b->second;
    if (ra.result == rb.result && ra.observed == rb.observed) continue;
    c.differing++;
    c.text += key + "  " + ra.result + " -> " + rb.result + "\n" + Side("A", ra) + Side("B", rb);
  }
  for (const std::string &key : b.order) {
    if (a.rows.count(key) != 0) continue;
    c.only_b++;
    c.text += key + "  only in B (" + b.rows[key].result + ")\n";
  }
  c.text += "\n" + std::to_string(c.differing) + " of " + std::to_string(both) + " rows differ; " +
            std::to_string(c.only_a) + " only in A, " + std::to_string(c.only_b) + " only in B\n";
  return c;
}

Comparison CompareReportFiles(const std::string &path_a, const std::string &path_b) {
  std::string text_a, text_b;
  Comparison c;
  for (const auto &file : {std::make_pair(&path_a, &text_a), std::make_pair(&path_b, &text_b)}) {
    if (!mk_testing::ReadFile(*file.first, file.second)) {
      c.error = "cannot read " + *file.first + ": " + std::strerror(errno);
      return c;
    }
  }
  return CompareReports(path_a, text_a, path_b, text_b);
}

}  // namespace mk_conformance
