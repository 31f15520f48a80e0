// Reading a JSON report back (see report_file.h).
#include "conformance/report/report_file.h"

#include <cerrno>
#include <cstring>

#include "conformance/report/json_reader.h"
#include "conformance/posix/fixtures.h"

namespace mk_conformance {

namespace {

using Type = JsonValue::Type;

// A string field of an object, "" when absent or not a string.
std::string Text(const JsonValue &object, const char *name) {
  if (object.type != Type::kObject || !object.Has(name)) return "";
  const JsonValue &v = object[name];
  return v.type == Type::kString ? v.string : "";
}

}  // namespace

std::string ReportFile::PlatformSummary() const {
  const ReportedPlatform &p = platform;
  std::string line = p.sysname + " " + p.release + " " + p.machine;
  if (!p.label.empty()) line += " \"" + p.label + "\"";
  if (!p.environment_summary.empty()) line += ", " + p.environment_summary;
  return line + ", profile " + profile;
}

std::string ParseReportFile(const std::string &path, const std::string &text, ReportFile *out) {
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
  ReportedPlatform &platform = out->platform;
  platform.sysname = Text(p, "sysname");
  platform.release = Text(p, "release");
  platform.version = Text(p, "version");
  platform.machine = Text(p, "machine");
  platform.libc = Text(p, "libc");
  platform.binary = Text(p, "binary");
  platform.abi = Text(p, "abi");
  if (p.type == Type::kObject && p.Has("page_size") && p["page_size"].type == Type::kNumber) {
    platform.page_size = static_cast<long>(p["page_size"].number);
  }
  platform.disk_fs = Text(p, "disk_fs");
  platform.disk_shared_refused = Text(p, "disk_shared_refused");
  platform.tmpfs_fs = Text(p, "tmpfs_fs");
  platform.label = Text(p, "label");
  platform.environment_summary = Text(p, "environment_summary");
  out->profile = Text(doc, "profile");
  if (doc["results"].type != Type::kArray) return path + ": \"results\" is not an array";
  for (const JsonValue &r : doc["results"].array) {
    std::string key = Text(r, "key");
    if (key.empty()) return path + ": a result without a \"key\"";
    if (out->rows.count(key) != 0) return path + ": " + key + " appears twice";
    out->order.push_back(key);
    out->rows[key] = {Text(r, "result"), Text(r, "expected"), Text(r, "observed"),
                      Text(r, "detail"), Text(r, "statement")};
  }
  return "";
}

std::string LoadReportFile(const std::string &path, ReportFile *out) {
  std::string text;
  if (!mk_posix::ReadFile(path, &text))
    return "cannot read " + path + ": " + std::strerror(errno);
  return ParseReportFile(path, text, out);
}

}  // namespace mk_conformance
