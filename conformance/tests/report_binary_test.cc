// The built report binaries, run as a user would: exit status, summary line,
// --list/--only/--profile/--help, the JSON and Markdown files, nothing left
// behind, and what each binary needs at run time (ELF interpreter, DT_NEEDED).
#include <dirent.h>
#include <elf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "conformance/report/json_reader.h"
#include "conformance/posix/fixtures.h"
#include "conformance/testing/programs.h"
#include "conformance/tests/report_schema.h"
#include "conformance/testing/matchers.h"
#include "gtest/gtest.h"

namespace mk_conformance {
namespace {

std::string Runfile(const std::string &name) {
  return mk_testing::Runfile("conformance/" + name);
}

std::string Slurp(const std::string &path) {
  std::string text;
  mk_posix::ReadFile(path, &text);
  return text;
}

using RunResult = mk_testing::ProgramRun;

RunResult RunBinary(const std::string &binary, const std::vector<std::string> &args) {
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult run = mk_testing::RunProgram(argv);
  EXPECT_EQ("", run.error);
  return run;
}

std::string LastLine(const std::string &text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

bool DirIsEmpty(const std::string &path) {
  DIR *d = opendir(path.c_str());
  if (d == nullptr) return false;
  int entries = 0;
  while (struct dirent *e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") entries++;
  }
  closedir(d);
  return entries == 0;
}

class ReportBinary : public ::testing::TestWithParam<const char *> {
 protected:
  std::string binary() const { return Runfile(GetParam()); }
};

TEST_P(ReportBinary, HelpAndUsageErrors) {
  RunResult help = RunBinary(binary(), {"--help"});
  EXPECT_EQ(0, help.status);
  EXPECT_NE(std::string::npos, help.out.find("--only PATTERN")) << help.out;
  RunResult bad = RunBinary(binary(), {"--frobnicate"});
  EXPECT_EQ(2, bad.status);
  EXPECT_NE(std::string::npos, bad.err.find("unknown option: --frobnicate")) << bad.err;
  RunResult profile = RunBinary(binary(), {"--profile", "plan9", "--only", "MMAP.ARGS.*"});
  EXPECT_EQ(2, profile.status);
  EXPECT_NE(std::string::npos, profile.err.find("known: linux, posix, freebsd, macos"));
  RunResult nothing = RunBinary(binary(), {"--only", "NO.SUCH.*"});
  EXPECT_EQ(2, nothing.status);
}

TEST_P(ReportBinary, ListsAtLeastSixtyRowsWithSources) {
  RunResult list = RunBinary(binary(), {"--list"});
  EXPECT_EQ(0, list.status);
  std::smatch m;
  std::string last = LastLine(list.out);
  ASSERT_TRUE(std::regex_match(last, m, std::regex("(\\d+) rows"))) << last;
  EXPECT_GE(std::stoi(m[1]), 60);
  EXPECT_NE(std::string::npos, list.out.find("MMAP.ALIGN.OFFSET_EINVAL@disk"));
  EXPECT_NE(std::string::npos, list.out.find("MMAP.ALIGN.OFFSET_EINVAL@tmpfs"));
  EXPECT_NE(
      std::string::npos,
      list.out.find("<https://pubs.opengroup.org/onlinepubs/9699919799/functions/mmap.html>"));
}

TEST_P(ReportBinary, RunsEveryRowAndWritesJsonAndMarkdown) {
  mk_posix::TempDirectory disk, out;
  RunResult run = RunBinary(binary(), {"--dir", disk.path(), "--json", out.Join("r.json"),
                                       "--markdown", out.Join("r.md")});
  std::string summary = LastLine(run.out);
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      summary, m,
      std::regex("(\\d+) passed, (\\d+) failed, (\\d+) allowed, (\\d+) skipped, (\\d+) broken")))
      << run.out << run.err;
  EXPECT_EQ("0", m[2].str()) << run.out;
  EXPECT_EQ("0", m[5].str()) << run.out;
  EXPECT_EQ(0, run.status) << run.out << run.err;
  int total =
      std::stoi(m[1]) + std::stoi(m[2]) + std::stoi(m[3]) + std::stoi(m[4]) + std::stoi(m[5]);
  EXPECT_GE(total, 60);
  EXPECT_TRUE(DirIsEmpty(disk.path())) << "the report left files in " << disk.path();

  JsonValue doc = ExpectValidReport(Slurp(out.Join("r.json")));
  ASSERT_TRUE(doc.Has("results"));
  EXPECT_EQ(static_cast<size_t>(total), doc["results"].array.size());
  EXPECT_EQ("linux", doc["profile"].string);
  EXPECT_EQ(disk.path(), doc["platform"]["disk_dir"].string);
  std::set<std::string> fs;
  for (const JsonValue &r : doc["results"].array) fs.insert(r["fs"].string);
  EXPECT_EQ((std::set<std::string>{"anon", "disk", "tmpfs"}), fs);

  std::string md = Slurp(out.Join("r.md"));
  EXPECT_NE(std::string::npos, md.find("**" + summary + "**"));
  EXPECT_NE(std::string::npos, md.find("[MMAP.ALIGN.OFFSET_EINVAL](https://"));
}

TEST_P(ReportBinary, OnlyAndProfileSelectRowsAndJudgement) {
  mk_posix::TempDirectory out;
  RunResult run =
      RunBinary(binary(), {"--only", "MMAP.EOF.*", "--only", "MMAP.FD.O_PATH_EBADF@disk",
                           "--profile", "posix", "--json", out.Join("r.json")});
  EXPECT_EQ(0, run.status) << run.out << run.err;
  JsonValue doc = ExpectValidReport(Slurp(out.Join("r.json")));
  ASSERT_TRUE(doc.Has("results"));
  EXPECT_EQ("posix", doc["profile"].string);
  bool saw_o_path = false;
  for (const JsonValue &r : doc["results"].array) {
    bool eof = r["id"].string.rfind("MMAP.EOF.", 0) == 0;
    bool o_path = r["key"].string == "MMAP.FD.O_PATH_EBADF@disk";
    EXPECT_TRUE(eof || o_path) << r["key"].string;
    if (o_path) {
      saw_o_path = true;
      EXPECT_EQ("ALLOWED", r["result"].string);  // Linux-specific: unspecified by POSIX
    }
  }
  EXPECT_TRUE(saw_o_path);
}

// Two rows that behave the same on every Linux: under --profile posix one
// PASSes, the Linux-specific one is ALLOWED (a deviation a baseline can list).
const std::vector<std::string> kTwoRows = {"--profile", "posix",
                                           "--only",    "MMAP.ALIGN.OFFSET_EINVAL@disk",
                                           "--only",    "MMAP.FD.O_PATH_EBADF@disk"};

std::vector<std::string> With(std::vector<std::string> args, const std::vector<std::string> &more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST_P(ReportBinary, BaselineExitsZeroOnlyWhenTheRunDeviatesAsListed) {
  mk_posix::TempDirectory dir;
  struct Case {
    const char *baseline;
    int status;
    const char *says;
  } cases[] = {
      {"# known\nMMAP.FD.O_PATH_EBADF@disk ALLOWED Linux-specific, unspecified by POSIX\n", 0,
       "baseline " /* path */},
      {"# nothing known\n", 1, "NEW     MMAP.FD.O_PATH_EBADF@disk ALLOWED: expected unspecified"},
      {"MMAP.FD.O_PATH_EBADF@disk ALLOWED x\nMMAP.ALIGN.OFFSET_EINVAL@disk FAIL was broken\n", 1,
       "FIXED   MMAP.ALIGN.OFFSET_EINVAL@disk passes now"},
      {"MMAP.FD.O_PATH_EBADF@disk SKIP x\n", 1, "CHANGED MMAP.FD.O_PATH_EBADF@disk is ALLOWED"},
  };
  for (const Case &c : cases) {
    std::string path = dir.Join("b.txt");
    ASSERT_NO_ERRNO(mk_posix::WriteFile(path, c.baseline));
    RunResult run = RunBinary(binary(), With(kTwoRows, {"--baseline", path}));
    EXPECT_EQ(c.status, run.status) << c.baseline << run.out << run.err;
    EXPECT_NE(std::string::npos, run.out.find(c.says)) << run.out;
    EXPECT_EQ(0u, LastLine(run.out).find("baseline " + path + ": ")) << run.out;
  }
}

TEST_P(ReportBinary, ABadBaselineStopsBeforeAnythingRunsOrIsWritten) {
  mk_posix::TempDirectory dir;
  const std::string path = dir.Join("b.txt");
  for (const char *bad : {"MMAP.FD.O_PATH_EBADF@disk ALLOWED ok\nMMAP.NO.SUCH@disk FAIL x\n",
                          "MMAP.FD.O_PATH_EBADF@disk ALLOWED\n"}) {
    ASSERT_NO_ERRNO(mk_posix::WriteFile(path, bad));
    RunResult run =
        RunBinary(binary(), With(kTwoRows, {"--baseline", path, "--json", dir.Join("r.json"),
                                            "--junit", dir.Join("r.xml")}));
    EXPECT_EQ(2, run.status) << run.out << run.err;
    EXPECT_EQ(0u, run.err.find("report: " + path + ":")) << run.err;
    EXPECT_EQ("", run.out) << "nothing may run";
    EXPECT_NE(0, access(dir.Join("r.json").c_str(), F_OK)) << "nothing may be written";
    EXPECT_NE(0, access(dir.Join("r.xml").c_str(), F_OK)) << "nothing may be written";
  }
  RunResult missing = RunBinary(binary(), With(kTwoRows, {"--baseline", dir.Join("none.txt")}));
  EXPECT_EQ(2, missing.status);
  EXPECT_NE(std::string::npos, missing.err.find("cannot read the baseline")) << missing.err;
}

TEST_P(ReportBinary, KtapJunitAndLabel) {
  mk_posix::TempDirectory dir;
  RunResult run = RunBinary(binary(), With(kTwoRows, {"--ktap", "--junit", dir.Join("r.xml"),
                                                      "--platform-label", "porter's box"}));
  EXPECT_EQ(0, run.status) << run.out << run.err;
  EXPECT_EQ(0u, run.out.find("KTAP version 1\n# mmapkit conformance report: ")) << run.out;
  EXPECT_NE(std::string::npos, run.out.find("\n# label: porter's box\n")) << run.out;
  EXPECT_NE(std::string::npos, run.out.find("\n1..2\nok 1 MMAP.ALIGN.OFFSET_EINVAL@disk\n"))
      << run.out;
  EXPECT_NE(std::string::npos, run.out.find("\nok 2 MMAP.FD.O_PATH_EBADF@disk\n# 1 passed, "))
      << run.out;
  std::string xml = Slurp(dir.Join("r.xml"));
  EXPECT_NE(std::string::npos, xml.find("tests=\"2\" failures=\"0\" errors=\"0\"")) << xml;
  EXPECT_NE(std::string::npos, xml.find("name=\"MMAP.FD.O_PATH_EBADF@disk\"")) << xml;
}

TEST_P(ReportBinary, CompareListsWhatDiffersBetweenTwoRuns) {
  mk_posix::TempDirectory dir;
  const std::string posix = dir.Join("posix.json"), linux = dir.Join("linux.json");
  ASSERT_EQ(0, RunBinary(binary(), With(kTwoRows, {"--json", posix})).status);
  std::vector<std::string> as_linux = kTwoRows;
  as_linux[1] = "linux";
  ASSERT_EQ(0, RunBinary(binary(), With(as_linux, {"--json", linux})).status);
  RunResult differ = RunBinary(binary(), {"--compare", posix, linux});
  EXPECT_EQ(1, differ.status) << differ.out << differ.err;
  EXPECT_NE(std::string::npos, differ.out.find("MMAP.FD.O_PATH_EBADF@disk  ALLOWED -> PASS\n"))
      << differ.out;
  EXPECT_NE(std::string::npos, differ.out.find("\n1 of 2 rows differ; 0 only in A, 0 only in B\n"));
  EXPECT_EQ(0, RunBinary(binary(), {"--compare", posix, posix}).status);
  ASSERT_NO_ERRNO(mk_posix::WriteFile(dir.Join("not.json"), "{\"results\": []}"));
  RunResult bad = RunBinary(binary(), {"--compare", posix, dir.Join("not.json")});
  EXPECT_EQ(2, bad.status);
  EXPECT_EQ("report: " + dir.Join("not.json") +
                " is not an mmapkit conformance report (no \"schema\" and \"results\")\n",
            bad.err);
}

// The ELF program headers and dynamic section of a binary.
struct ElfInfo {
  bool has_interp = false;
  std::vector<std::string> needed;
};

ElfInfo ReadElf(const std::string &path) {
  ElfInfo info;
  std::string bytes = Slurp(path);
  if (bytes.size() < sizeof(Elf64_Ehdr)) return info;
  const auto *eh = reinterpret_cast<const Elf64_Ehdr *>(bytes.data());
  std::vector<const Elf64_Phdr *> loads;
  const Elf64_Phdr *dynamic = nullptr;
  for (int i = 0; i < eh->e_phnum; i++) {
    const auto *ph =
        reinterpret_cast<const Elf64_Phdr *>(bytes.data() + eh->e_phoff + i * eh->e_phentsize);
    if (ph->p_type == PT_INTERP) info.has_interp = true;
    if (ph->p_type == PT_DYNAMIC) dynamic = ph;
    if (ph->p_type == PT_LOAD) loads.push_back(ph);
  }
  if (dynamic == nullptr) return info;
  auto file_offset = [&](uint64_t vaddr) -> uint64_t {
    for (const Elf64_Phdr *l : loads) {
      if (vaddr >= l->p_vaddr && vaddr < l->p_vaddr + l->p_filesz) {
        return vaddr - l->p_vaddr + l->p_offset;
      }
    }
    return 0;
  };
  const auto *dyn = reinterpret_cast<const Elf64_Dyn *>(bytes.data() + dynamic->p_offset);
  uint64_t strtab = 0;
  for (const Elf64_Dyn *d = dyn; d->d_tag != DT_NULL; d++) {
    if (d->d_tag == DT_STRTAB) strtab = file_offset(d->d_un.d_ptr);
  }
  for (const Elf64_Dyn *d = dyn; d->d_tag != DT_NULL; d++) {
    if (d->d_tag == DT_NEEDED) info.needed.push_back(bytes.c_str() + strtab + d->d_un.d_val);
  }
  return info;
}

#ifdef MK_SANITIZER_BUILD
constexpr bool kSanitizerBuild = true;
#else
constexpr bool kSanitizerBuild = false;
#endif

TEST(ReportBinaries, StaticNeedsNothingDynamicNeedsOnlyGlibc) {
  if (kSanitizerBuild) {
    GTEST_SKIP() << "sanitizer builds link both binaries dynamically (with the sanitizer "
                    "runtime), by design; the default build is checked";
  }
  ElfInfo fully_static = ReadElf(Runfile("report_static"));
  EXPECT_FALSE(fully_static.has_interp);
  EXPECT_TRUE(fully_static.needed.empty());
  ElfInfo dynamic = ReadElf(Runfile("report"));
  EXPECT_TRUE(dynamic.has_interp);
  ASSERT_FALSE(dynamic.needed.empty());
  const std::regex glibc("(libc|libm|libpthread|libdl|librt|ld-linux.*)\\.so\\.[0-9]+");
  for (const std::string &lib : dynamic.needed) {
    EXPECT_TRUE(std::regex_match(lib, glibc)) << "report needs " << lib;
  }
}

INSTANTIATE_TEST_SUITE_P(Binaries, ReportBinary, ::testing::Values("report", "report_static"));

}  // namespace
}  // namespace mk_conformance
