// The JSON rendering (schema in conformance/README.md; the fault-injection
// self-test reads it, so keep it stable and only ever add fields).
#include <cstdio>
#include <cstring>

#include "conformance/report/output.h"
#include "conformance/posix/fixtures.h"

namespace mk_conformance {

namespace {

const char *KindName(Observation::Kind kind) {
  switch (kind) {
    case Observation::Kind::kSuccess:
      return "success";
    case Observation::Kind::kErrno:
      return "errno";
    case Observation::Kind::kSignal:
      return "signal";
    case Observation::Kind::kVariant:
      return "variant";
    case Observation::Kind::kViolated:
      return "violated";
    case Observation::Kind::kSkip:
      return "skip";
    case Observation::Kind::kSetupFailed:
      return "setup_failed";
    case Observation::Kind::kCrashed:
      return "crashed";
    case Observation::Kind::kTimedOut:
      return "timed_out";
  }
  return "?";
}

std::string ErrnoName(int err) {
  if (err == 0) return "";
  const char *name = strerrorname_np(err);
  return name ? name : std::to_string(err);
}

void Field(std::string *out, const char *name, const std::string &value, bool last = false) {
  *out += JsonString(name) + ": " + JsonString(value) + (last ? "" : ", ");
}

void Bool(std::string *out, const char *name, bool value, bool last = false) {
  *out += JsonString(name) + ": " + (value ? "true" : "false") + (last ? "" : ", ");
}

void Number(std::string *out, const char *name, long value, bool last = false) {
  *out += JsonString(name) + ": " + std::to_string(value) + (last ? "" : ", ");
}

}  // namespace

std::string JsonString(const std::string &text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          // Keep the output ASCII; bytes from a broken platform may be anything.
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string JsonReport(const PlatformInfo &p, const std::string &profile,
                       const std::vector<RowReport> &rows) {
  std::string out = "{\n  \"schema\": 1,\n  \"platform\": {";
  Field(&out, "sysname", p.sysname);
  Field(&out, "release", p.release);
  Field(&out, "version", p.version);
  Field(&out, "machine", p.machine);
  Number(&out, "page_size", p.page_size);
  Field(&out, "libc", p.libc);
  Field(&out, "binary", p.binary);
  Field(&out, "disk_dir", p.disk_dir);
  Field(&out, "disk_fs", p.disk_fs);
  Field(&out, "disk_shared_refused", p.disk_shared_refused);
  Field(&out, "tmpfs_dir", p.tmpfs_dir);
  Field(&out, "tmpfs_fs", p.tmpfs_fs);
  Field(&out, "label", p.label);
  Field(&out, "abi", p.environment.abi);
  Field(&out, "environment_summary", p.environment.Summary());
  out += JsonString("environment") + ": [";
  for (size_t i = 0; i < p.environment.findings.size(); i++) {
    const EnvironmentFinding &f = p.environment.findings[i];
    out += i == 0 ? "{" : ", {";
    Field(&out, "tag", f.tag);
    Field(&out, "what", f.what);
    Field(&out, "how", f.how, true);
    out += "}";
  }
  out += "]},\n  \"catalog\": {";
  Field(&out, "version", CatalogVersion());
  Number(&out, "rows", static_cast<long>(RowsOf(Catalog()).size()), true);
  out += "},\n  \"profile\": " + JsonString(profile) + ",\n  \"summary\": {";
  Summary s = Summarize(rows);
  Number(&out, "passed", s.passed);
  Number(&out, "failed", s.failed);
  Number(&out, "allowed", s.allowed);
  Number(&out, "skipped", s.skipped);
  Number(&out, "broken", s.broken);
  Number(&out, "refused_by_sandbox", s.refused_by_sandbox, true);
  out += "},\n  \"results\": [";
  for (size_t i = 0; i < rows.size(); i++) {
    const RowReport &r = rows[i];
    const CatalogEntry &e = *r.row.entry;
    const Observation &o = r.observation;
    out += i == 0 ? "\n    {" : ",\n    {";
    Field(&out, "id", e.id);
    Field(&out, "fs", FsName(r.row.fs));
    Field(&out, "key", r.row.Key());
    Field(&out, "statement", e.statement);
    Field(&out, "source", e.source);
    Field(&out, "url", e.url);
    Field(&out, "level", LevelName(e.level));
    Field(&out, "result", ResultName(r.verdict.result));
    Field(&out, "expected", r.verdict.expected);
    Field(&out, "observed", r.verdict.observed);
    Field(&out, "detail", r.verdict.detail);
    Field(&out, "kind", KindName(o.kind));
    Field(&out, "errno", o.kind == Observation::Kind::kErrno ? ErrnoName(o.err) : "");
    Field(&out, "signal",
          o.kind == Observation::Kind::kSignal ? mk_posix::SignalName(o.sig) : "");
    Field(&out, "si_code",
          o.kind == Observation::Kind::kSignal && o.si_code != 0
              ? mk_posix::SiCodeName(o.sig, o.si_code)
              : "");
    Field(&out, "variant", o.variant);
    Bool(&out, "refused_by_sandbox", r.verdict.refused_by_sandbox, true);
    out += "}";
  }
  out += rows.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace mk_conformance
