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
  ExpectKeys(doc, {"schema", "platform", "profile", "summary", "results"}, "top level");
  if (doc.type != Type::kObject || doc.keys.size() != 5) return doc;
  EXPECT_EQ(1, doc["schema"].number);
  ExpectKeys(doc["platform"],
             {"sysname", "release", "version", "machine", "page_size", "libc", "binary", "disk_dir",
              "disk_fs", "tmpfs_dir", "tmpfs_fs"},
             "platform");
  EXPECT_EQ(Type::kNumber, doc["platform"]["page_size"].type);
  ExpectOneOf(doc["platform"]["binary"], {"dynamic", "static"}, "platform.binary");
  ExpectOneOf(doc["profile"], {"linux", "posix", "freebsd", "macos"}, "profile");
  ExpectKeys(doc["summary"], {"passed", "failed", "allowed", "skipped"}, "summary");
  const JsonValue &results = doc["results"];
  EXPECT_EQ(Type::kArray, results.type);

  std::map<std::string, int> counts;
  std::set<std::string> keys;
  for (const JsonValue &r : results.array) {
    const std::vector<std::string> fields = {
        "id",       "fs",       "key",    "statement", "source", "url",    "level",   "result",
        "expected", "observed", "detail", "kind",      "errno",  "signal", "si_code", "variant"};
    ExpectKeys(r, fields, "result");
    if (r.keys != fields) continue;
    for (const std::string &f : fields) EXPECT_EQ(Type::kString, r[f].type) << f;
    const std::string where = r["key"].string;
    ExpectOneOf(r["fs"], {"disk", "tmpfs", "anon"}, where + " fs");
    ExpectOneOf(r["level"], {"posix", "linux", "impl"}, where + " level");
    ExpectOneOf(r["result"], {"PASS", "FAIL", "ALLOWED", "SKIP"}, where + " result");
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
  return doc;
}

}  // namespace mk_conformance
