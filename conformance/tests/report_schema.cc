// The JSON report schema as googletest expectations (see report_schema.h).
#include "conformance/tests/report_schema.h"

#include <map>
#include <set>

#include "gtest/gtest.h"

namespace mk_conformance {

namespace {

using Type = JsonValue::Type;

void ExpectKeys(const JsonValue &object, const std::vector<std::string> &keys,
                const std::string &where) {
  ASSERT_EQ(Type::kObject, object.type) << where;
  EXPECT_EQ(keys, object.keys) << where << ": fields and their order";
}

void ExpectOneOf(const JsonValue &value, const std::set<std::string> &allowed,
                 const std::string &where) {
  ASSERT_EQ(Type::kString, value.type) << where;
  EXPECT_EQ(1u, allowed.count(value.string)) << where << " = " << value.string;
}

}  // namespace

JsonValue ExpectValidReport(const std::string &text) {
  JsonValue doc;
  std::string error;
  if (!ParseJson(text, &doc, &error)) {
    ADD_FAILURE() << "invalid JSON: " << error << "\n" << text.substr(0, 2000);
    return doc;
  }
  ExpectKeys(doc, {"schema", "platform", "catalog", "profile", "summary", "results"}, "top level");
  if (doc.type != Type::kObject || doc.keys.size() != 6) return doc;
  EXPECT_EQ(1, doc["schema"].number);
  ExpectKeys(doc["platform"],
             {"sysname", "release", "version", "machine", "page_size", "libc", "binary", "disk_dir",
              "disk_fs", "disk_shared_refused", "tmpfs_dir", "tmpfs_fs", "label", "abi",
              "environment_summary", "environment"},
             "platform");
  EXPECT_EQ(Type::kNumber, doc["platform"]["page_size"].type);
  ExpectOneOf(doc["platform"]["binary"], {"dynamic", "static"}, "platform.binary");
  EXPECT_FALSE(doc["platform"]["abi"].string.empty());
  const JsonValue &environment = doc["platform"]["environment"];
  EXPECT_EQ(Type::kArray, environment.type);
  std::string summary;
  for (const JsonValue &finding : environment.array) {
    ExpectKeys(finding, {"tag", "what", "how"}, "platform.environment[]");
    if (finding.type != Type::kObject || finding.keys.size() != 3) continue;
    EXPECT_FALSE(finding["tag"].string.empty());
    EXPECT_FALSE(finding["how"].string.empty())
        << finding["tag"].string << ": how was it detected?";
    summary += (summary.empty() ? "" : "; ") + finding["what"].string;
  }
  EXPECT_EQ(summary, doc["platform"]["environment_summary"].string);
  ExpectKeys(doc["catalog"], {"version", "rows"}, "catalog");
  EXPECT_EQ(0u, doc["catalog"]["version"].string.find("fnv1a64:"));
  EXPECT_EQ(Type::kNumber, doc["catalog"]["rows"].type);
  ExpectOneOf(doc["profile"], {"linux", "posix", "freebsd", "macos"}, "profile");
  ExpectKeys(doc["summary"],
             {"passed", "failed", "allowed", "skipped", "broken", "refused_by_sandbox"}, "summary");
  const JsonValue &results = doc["results"];
  EXPECT_EQ(Type::kArray, results.type);

  std::map<std::string, int> counts;
  int refused = 0;
  std::set<std::string> keys;
  for (const JsonValue &r : results.array) {
    const std::vector<std::string> fields = {"id",
                                             "fs",
                                             "key",
                                             "statement",
                                             "source",
                                             "url",
                                             "level",
                                             "result",
                                             "expected",
                                             "observed",
                                             "detail",
                                             "kind",
                                             "errno",
                                             "signal",
                                             "si_code",
                                             "variant",
                                             "refused_by_sandbox"};
    ExpectKeys(r, fields, "result");
    if (r.keys != fields) continue;
    for (const std::string &f : fields) {
      EXPECT_EQ(f == "refused_by_sandbox" ? Type::kBool : Type::kString, r[f].type) << f;
    }
    const std::string where = r["key"].string;
    ExpectOneOf(r["fs"], {"disk", "tmpfs", "anon"}, where + " fs");
    ExpectOneOf(r["level"], {"posix", "linux", "impl"}, where + " level");
    ExpectOneOf(r["result"], {"PASS", "FAIL", "ALLOWED", "SKIP", "BROKEN"}, where + " result");
    // BROKEN exactly when the check could not run.
    const std::string &kind = r["kind"].string;
    EXPECT_EQ(kind == "setup_failed" || kind == "crashed" || kind == "timed_out",
              r["result"].string == "BROKEN")
        << where << ": " << r["result"].string << " for kind " << kind;
    if (r["refused_by_sandbox"].boolean) {
      EXPECT_TRUE(r["result"].string == "FAIL" || r["result"].string == "BROKEN") << where;
      if (r["result"].string == "FAIL") refused++;
    }
    ExpectOneOf(r["kind"],
                {"success", "errno", "signal", "variant", "violated", "skip", "setup_failed",
                 "crashed", "timed_out"},
                where + " kind");
    EXPECT_EQ(r["id"].string + "@" + r["fs"].string, r["key"].string);
    EXPECT_TRUE(keys.insert(r["key"].string).second) << "duplicate key " << where;
    EXPECT_TRUE(r["url"].string.rfind("https://", 0) == 0 ||
                (r["id"].string.rfind("CORE.", 0) == 0 &&
                 r["url"].string.rfind("core/include/mmapkit/", 0) == 0))
        << where << " url " << r["url"].string;
    EXPECT_FALSE(r["statement"].string.empty()) << where;
    EXPECT_FALSE(r["expected"].string.empty()) << where;
    EXPECT_FALSE(r["observed"].string.empty()) << where;
    EXPECT_EQ(r["kind"].string == "errno", !r["errno"].string.empty()) << where;
    EXPECT_EQ(r["kind"].string == "signal", !r["signal"].string.empty()) << where;
    counts[r["result"].string]++;
  }
  EXPECT_EQ(counts["PASS"], doc["summary"]["passed"].number);
  EXPECT_EQ(counts["FAIL"], doc["summary"]["failed"].number);
  EXPECT_EQ(counts["ALLOWED"], doc["summary"]["allowed"].number);
  EXPECT_EQ(counts["SKIP"], doc["summary"]["skipped"].number);
  EXPECT_EQ(counts["BROKEN"], doc["summary"]["broken"].number);
  EXPECT_EQ(refused, doc["summary"]["refused_by_sandbox"].number);
  return doc;
}

}  // namespace mk_conformance
