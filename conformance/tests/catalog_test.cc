// The catalog and the profiles are data: check that they are well formed, so
// a typo in an ID or a profile pattern fails here instead of silently never
// applying.
#include <fnmatch.h>
#include <signal.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "conformance/catalog/catalog.h"
#include "conformance/profile/profile.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

TEST(Catalog, IdsAreUniqueAndWellFormed) {
  std::set<std::string> seen;
  const std::regex id_form("[A-Z]+(\\.[A-Z0-9_]+)+");
  for (const CatalogEntry &e : Catalog()) {
    EXPECT_TRUE(seen.insert(e.id).second) << "duplicate ID " << e.id;
    EXPECT_TRUE(std::regex_match(e.id, id_form)) << e.id;
  }
}

TEST(Catalog, EveryEntryIsComplete) {
  for (const CatalogEntry &e : Catalog()) {
    SCOPED_TRACE(e.id);
    EXPECT_GT(std::string(e.statement).size(), 20u);
    const std::string source = e.source;
    EXPECT_TRUE(source.rfind("POSIX.1-2017 ", 0) == 0 || source.rfind("Linux ", 0) == 0 ||
                source.rfind("mmapkit ", 0) == 0)
        << source;
    // Sources are on the web, except mmapkit's own contracts (CORE.*): repository paths.
    const std::string url = e.url, id = e.id;
    if (id.rfind("CORE.", 0) == 0) {
      EXPECT_EQ(0u, url.rfind("core/include/mmapkit/", 0)) << url;
    } else {
      EXPECT_EQ(0u, url.rfind("https://", 0)) << url;
    }
    EXPECT_NE(0u, e.fs);
    EXPECT_EQ(0u, e.fs & ~kOnAll);
    EXPECT_NE(nullptr, e.check);
  }
}

TEST(Catalog, StatementsNameTheExpectedErrnoOrSignal) {
  for (const CatalogEntry &e : Catalog()) {
    std::string statement = e.statement;
    if (e.expected.kind == Expectation::Kind::kErrno) {
      std::string name = strerrorname_np(e.expected.value);
      EXPECT_NE(std::string::npos, statement.find(name)) << e.id << " does not say " << name;
    }
    if (e.expected.kind == Expectation::Kind::kSignal) {
      std::string name = e.expected.value == SIGBUS ? "SIGBUS" : "SIGSEGV";
      EXPECT_NE(std::string::npos, statement.find(name)) << e.id << " does not say " << name;
    }
  }
}

TEST(Catalog, HasAtLeastSixtyRowsOnBothFileSystems) {
  std::vector<Row> rows = RowsOf(Catalog());
  EXPECT_GE(rows.size(), 60u);
  size_t disk = 0, tmpfs = 0;
  for (const Row &row : rows) {
    disk += row.fs == Fs::kDisk;
    tmpfs += row.fs == Fs::kTmpfs;
  }
  // A file-backed entry runs on both file systems; a few are tmpfs-only by nature (memfd).
  for (const CatalogEntry &e : Catalog()) {
    if (e.fs & kOnDisk) {
      EXPECT_TRUE(e.fs & kOnTmpfs) << e.id << " runs on disk but not on tmpfs";
    }
  }
  EXPECT_GE(tmpfs, disk);
  EXPECT_GE(disk, 30u);
}

TEST(Catalog, RowKeysAreIdAtFs) {
  std::set<std::string> keys;
  for (const Row &row : RowsOf(Catalog())) {
    EXPECT_EQ(std::string(row.entry->id) + "@" + FsName(row.fs), row.Key());
    EXPECT_TRUE(keys.insert(row.Key()).second) << row.Key();
  }
}

TEST(Profiles, EveryRulePatternMatchesSomeRow) {
  for (const Profile &profile : Profiles()) {
    for (const ProfileRule &rule : profile.rules) {
      bool matched = false;
      for (const Row &row : RowsOf(Catalog())) {
        matched = matched || fnmatch(rule.pattern, row.entry->id, 0) == 0 ||
                  fnmatch(rule.pattern, row.Key().c_str(), 0) == 0;
      }
      EXPECT_TRUE(matched) << profile.name << ": pattern " << rule.pattern << " matches no row";
      EXPECT_GT(std::string(rule.note).size(), 5u) << profile.name << " " << rule.pattern;
    }
  }
}

TEST(Profiles, KnownNamesAndUnameMapping) {
  for (const char *name : {"linux", "posix", "freebsd", "macos"}) {
    EXPECT_NE(nullptr, FindProfile(name)) << name;
  }
  EXPECT_EQ(nullptr, FindProfile("plan9"));
  EXPECT_EQ("linux", DefaultProfileName("Linux"));
  EXPECT_EQ("freebsd", DefaultProfileName("FreeBSD"));
  EXPECT_EQ("macos", DefaultProfileName("Darwin"));
  EXPECT_EQ("posix", DefaultProfileName("SunOS"));
}

// The text of a file of the conformance package, or "" when it cannot be read.
std::string PackageFile(const std::string &name) {
  const char *srcdir = std::getenv("TEST_SRCDIR");
  if (srcdir == nullptr) return "";
  std::ifstream in(std::string(srcdir) + "/mmapkit/conformance/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// conformance/README.md lists the catalog for readers without a build; it
// must name every ID, and only IDs that exist.
TEST(Catalog, ReadmeListsEveryId) {
  const std::string readme = PackageFile("README.md");
  ASSERT_FALSE(readme.empty()) << "cannot read conformance/README.md";
  const size_t table = readme.find("\n## Catalog\n");
  ASSERT_NE(std::string::npos, table);
  std::set<std::string> listed;
  const std::regex row("\\| `([A-Z]+(\\.[A-Z0-9_]+)+)` \\|");
  for (std::sregex_iterator it(readme.begin() + table, readme.end(), row), end; it != end; ++it) {
    listed.insert((*it)[1]);
  }
  std::set<std::string> ids;
  for (const CatalogEntry &e : Catalog()) ids.insert(e.id);
  for (const std::string &id : ids) EXPECT_EQ(1u, listed.count(id)) << id << " is not in README.md";
  for (const std::string &id : listed)
    EXPECT_EQ(1u, ids.count(id)) << id << " is not in the catalog";
}

// conformance/ANCHORS.md maps every anchor semantic (a key such as "L04") to
// the catalog IDs that check it, or says why it is not checkable here. Each
// row must do one or the other, and every ID it names must exist.
TEST(Catalog, AnchorsMapToCatalogIds) {
  const std::string anchors = PackageFile("ANCHORS.md");
  ASSERT_FALSE(anchors.empty()) << "cannot read conformance/ANCHORS.md";
  std::set<std::string> ids;
  for (const CatalogEntry &e : Catalog()) ids.insert(e.id);
  const std::regex row("\\n\\| ([A-Z][0-9]{2}) \\|[^\\n]*\\| ([^|\\n]*) \\|(?=\\n)");
  const std::regex id("`([A-Z]+(\\.[A-Z0-9_]+)+)`");
  std::set<std::string> keys;
  for (std::sregex_iterator it(anchors.begin(), anchors.end(), row), end; it != end; ++it) {
    const std::string key = (*it)[1], cell = (*it)[2];
    EXPECT_TRUE(keys.insert(key).second) << "anchor " << key << " is listed twice";
    if (cell.rfind("not checkable here: ", 0) == 0) continue;
    size_t named = 0;
    for (std::sregex_iterator m(cell.begin(), cell.end(), id); m != end; ++m, ++named) {
      EXPECT_EQ(1u, ids.count((*m)[1]))
          << "anchor " << key << " names " << (*m)[1] << ", which is not a catalog ID";
    }
    EXPECT_TRUE(named > 0 && cell.find("TODO") == std::string::npos)
        << "anchor " << key << " names no catalog ID and no reason: \"" << cell << "\"";
  }
  EXPECT_GE(keys.size(), 208u) << "ANCHORS.md lost anchor rows";
}

}  // namespace
}  // namespace mk_conformance
