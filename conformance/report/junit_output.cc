// The JUnit XML rendering (--junit FILE): one testcase per row, so CI systems
// show the report like any test suite. FAIL is a <failure> with the expected
// and observed text, BROKEN an <error> (the check could not run), SKIP
// <skipped>; ALLOWED passes and says why in <system-out>.
#include <cstdio>

#include "conformance/report/output.h"

namespace mk_conformance {

std::string XmlText(const std::string &text) {
  std::string out;
  for (unsigned char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

namespace {

std::string Property(const std::string &name, const std::string &value) {
  return "      <property name=\"" + XmlText(name) + "\" value=\"" + XmlText(value) + "\"/>\n";
}

}  // namespace

std::string JunitReport(const PlatformInfo &p, const std::string &profile,
                        const std::vector<RowReport> &rows) {
  Summary s = Summarize(rows);
  const std::string counts = "tests=\"" + std::to_string(rows.size()) + "\" failures=\"" +
                             std::to_string(s.failed) + "\" errors=\"" + std::to_string(s.broken) +
                             "\" skipped=\"" + std::to_string(s.skipped) + "\"";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"mmapkit conformance\" " + counts + ">\n";
  out += "  <testsuite name=\"" +
         XmlText("mmapkit conformance: " + PlatformLine(p) + ", profile " + profile) + "\" " +
         counts + ">\n";
  out += "    <properties>\n";
  out += Property("platform", PlatformLine(p));
  out += Property("kernel_build", p.version);
  out += Property("profile", profile);
  out += Property("summary", SummaryLine(s));
  for (const EnvironmentFinding &f : p.environment.findings) {
    out += Property("environment." + f.tag, f.what + " (" + f.how + ")");
  }
  out += "    </properties>\n";
  for (const RowReport &r : rows) {
    const Verdict &v = r.verdict;
    const std::string text = "expected " + v.expected + "; observed " + v.observed +
                             (v.detail.empty() ? "" : ": " + v.detail);
    out += "    <testcase classname=\"" + XmlText(r.row.entry->id) + "\" name=\"" +
           XmlText(r.row.Key()) + "\">\n";
    switch (v.result) {
      case Result::kPass:
        break;
      case Result::kFail:
        out += "      <failure type=\"FAIL\" message=\"" + XmlText(r.row.entry->statement) + "\">" +
               XmlText(text + "\nsource: " + r.row.entry->source + " <" + r.row.entry->url + ">") +
               "</failure>\n";
        break;
      case Result::kBroken:
        out += "      <error type=\"BROKEN\" message=\"the check could not run\">" + XmlText(text) +
               "</error>\n";
        break;
      case Result::kSkip:
        out += "      <skipped message=\"" + XmlText(v.detail) + "\"/>\n";
        break;
      case Result::kAllowed:
        out += "      <system-out>" + XmlText("ALLOWED: " + text) + "</system-out>\n";
        break;
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace mk_conformance
