// The built report binaries, run as a user would: exit status, summary line,
// --list/--only/--profile/--help, the JSON and Markdown files, nothing left
// behind, and what each binary needs at run time (ELF interpreter, DT_NEEDED).
#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "conformance/testing/fixtures.h"
#include "conformance/report/json_reader.h"
#include "conformance/tests/report_schema.h"
#include "gtest/gtest.h"

extern char **environ;

namespace mk_conformance {
namespace {

std::string Runfile(const std::string &name) {
  const char *srcdir = std::getenv("TEST_SRCDIR");
  const char *workspace = std::getenv("TEST_WORKSPACE");
  return std::string(srcdir ? srcdir : ".") + "/" + (workspace ? workspace : "mmapkit") +
         "/conformance/" + name;
}

std::string Slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct RunResult {
  int status = -1;  // exit status, or -1 if it did not exit normally
  std::string out, err;
};

// Runs the binary with args; stdout and stderr go to files in a temp dir.
RunResult RunBinary(const std::string &binary, const std::vector<std::string> &args) {
  mk_testing::TempDirectory dir;
  std::string out = dir.Join("stdout"), err = dir.Join("stderr");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char *> argv;
  argv.push_back(const_cast<char *>(binary.c_str()));
  for (const std::string &a : args) argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  RunResult run;
  pid_t pid;
  int rc = posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ADD_FAILURE() << "posix_spawn " << binary << ": " << strerror(rc);
    return run;
  }
  int status;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) run.status = WEXITSTATUS(status);
  run.out = Slurp(out);
  run.err = Slurp(err);
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
  mk_testing::TempDirectory disk, out;
  RunResult run = RunBinary(binary(), {"--dir", disk.path(), "--json", out.Join("r.json"),
                                       "--markdown", out.Join("r.md")});
  std::string summary = LastLine(run.out);
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      summary, m, std::regex("(\\d+) passed, (\\d+) failed, (\\d+) allowed, (\\d+) skipped")))
      << run.out << run.err;
  EXPECT_EQ("0", m[2].str()) << run.out;
  EXPECT_EQ(0, run.status) << run.out << run.err;
  int total = std::stoi(m[1]) + std::stoi(m[2]) + std::stoi(m[3]) + std::stoi(m[4]);
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
  mk_testing::TempDirectory out;
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
