// Command-line parsing and row selection for the report.
#include "conformance/report/options.h"

#include <fnmatch.h>

#include <cstdlib>

namespace mk_conformance {

std::string ParseOptions(int argc, const char *const *argv, Options *options) {
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    std::string name = arg;
    std::string value;
    bool has_value = false;
    size_t eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    if (name == "--help" || name == "-h") {
      options->help = true;
      continue;
    }
    if (name == "--list") {
      options->list = true;
      continue;
    }
    if (name == "--ktap") {
      options->ktap = true;
      continue;
    }
    if (name == "--compare") {
      if (has_value || i + 2 >= argc)
        return "--compare needs two JSON reports: --compare A.json B.json";
      options->compare = {argv[i + 1], argv[i + 2]};
      i += 2;
      continue;
    }
    const char *const with_value[] = {"--only",           "--profile",   "--dir",   "--tmpfs-dir",
                                      "--json",           "--markdown",  "--junit", "--baseline",
                                      "--platform-label", "--timeout-ms"};
    bool known = false;
    for (const char *option : with_value) known = known || name == option;
    if (!known) return "unknown option: " + arg;
    if (!has_value) {
      if (i + 1 >= argc) return name + " needs a value";
      value = argv[++i];
    }
    if (value.empty()) return name + " needs a non-empty value";
    if (name == "--only") {
      options->only.push_back(value);
    } else if (name == "--profile") {
      options->profile = value;
    } else if (name == "--dir") {
      options->dir = value;
    } else if (name == "--tmpfs-dir") {
      options->tmpfs_dir = value;
    } else if (name == "--json") {
      options->json = value;
    } else if (name == "--markdown") {
      options->markdown = value;
    } else if (name == "--junit") {
      options->junit = value;
    } else if (name == "--baseline") {
      options->baseline = value;
    } else if (name == "--platform-label") {
      options->platform_label = value;
    } else {
      char *end = nullptr;
      long ms = std::strtol(value.c_str(), &end, 10);
      if (*end != '\0' || ms <= 0 || ms > 3600 * 1000) {
        return "--timeout-ms needs a number of milliseconds (1..3600000), got " + value;
      }
      options->timeout_ms = static_cast<int>(ms);
    }
  }
  return "";
}

std::string UsageText(const std::string &program) {
  return "Usage: " + program +
         " [options]\n"
         "Runs every mmap semantic of the mmapkit catalog on this platform, each in its own\n"
         "process, and prints one row per semantic and file system, then a summary line\n"
         "\"N passed, N failed, N allowed, N skipped, N broken\". Exit status 1 if any row\n"
         "FAILs or is BROKEN (the check could not run), 2 on a usage or environment error.\n"
         "\n"
         "  --list             list the catalog (IDs, file systems, levels, sources) and exit\n"
         "  --only PATTERN     run only IDs (or ID@fs keys) matching the glob; repeatable\n"
         "  --profile NAME     linux, posix, freebsd or macos (default: from uname)\n"
         "  --dir DIR          directory for the disk rows (default: $TMPDIR or /tmp)\n"
         "  --tmpfs-dir DIR    tmpfs directory for the tmpfs rows (default: the first tmpfs\n"
         "                     of /dev/shm, /tmp, /run/shm; without one the rows SKIP)\n"
         "  --json FILE        write the results as JSON\n"
         "  --markdown FILE    write the results as Markdown\n"
         "  --junit FILE       write the results as JUnit XML (one testcase per row)\n"
         "  --ktap             print KTAP version 1 instead of the text table\n"
         "  --baseline FILE    known deviations, one per line: ID@fs RESULT reason...;\n"
         "                     exit 0 iff the run deviates exactly as listed\n"
         "  --platform-label TEXT  your name for the platform, shown in every output\n"
         "  --compare A.json B.json  print the rows that differ between two reports\n"
         "                     (of the same catalog version) and exit: 0 none, 1 some\n"
         "  --timeout-ms N     kill a check after N ms and report it FAIL (default 20000)\n"
         "  --help             this text\n";
}

bool Selected(const std::vector<std::string> &only, const Row &row) {
  if (only.empty()) return true;
  std::string key = row.Key();
  for (const std::string &pattern : only) {
    if (fnmatch(pattern.c_str(), row.entry->id, 0) == 0 ||
        fnmatch(pattern.c_str(), key.c_str(), 0) == 0) {
      return true;
    }
  }
  return false;
}

std::string ResolvePath(const std::string &path) {
  const char *base = std::getenv("BUILD_WORKING_DIRECTORY");
  if (path.empty() || path[0] == '/' || base == nullptr || base[0] == '\0') return path;
  return std::string(base) + "/" + path;
}

}  // namespace mk_conformance
