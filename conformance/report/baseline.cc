// Known deviations (--baseline): parsing and comparing (see baseline.h).
#include "conformance/report/baseline.h"

#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include "conformance/posix/fixtures.h"

namespace mk_conformance {

namespace {

constexpr const char *kSpace = " \t\r";

// The first word of text from *pos on (skipping blanks); *pos moves past it.
std::string NextWord(const std::string &text, size_t *pos) {
  size_t start = text.find_first_not_of(kSpace, *pos);
  if (start == std::string::npos) {
    *pos = text.size();
    return "";
  }
  size_t end = text.find_first_of(kSpace, start);
  if (end == std::string::npos) end = text.size();
  *pos = end;
  return text.substr(start, end - start);
}

std::string Trim(const std::string &text) {
  size_t start = text.find_first_not_of(kSpace);
  if (start == std::string::npos) return "";
  return text.substr(start, text.find_last_not_of(kSpace) - start + 1);
}

bool ParseDeviation(const std::string &word, Result *result) {
  for (Result r : {Result::kFail, Result::kAllowed, Result::kSkip, Result::kBroken}) {
    if (word == ResultName(r)) {
      *result = r;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string ParseBaseline(const std::string &text, const std::string &path,
                          const std::vector<Row> &rows, Baseline *baseline) {
  std::set<std::string> keys;
  for (const Row &row : rows) keys.insert(row.Key());
  Baseline parsed;
  parsed.path = path;
  std::map<std::string, int> seen;  // key -> line
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); number++) {
    const std::string where = path + ":" + std::to_string(number) + ": ";
    std::string content = Trim(line);
    if (content.empty() || content[0] == '#') continue;
    size_t pos = 0;
    BaselineEntry entry;
    entry.line = number;
    entry.key = NextWord(content, &pos);
    std::string result = NextWord(content, &pos);
    entry.reason = Trim(content.substr(pos));
    if (entry.key.find('@') == std::string::npos) {
      return where + "\"" + entry.key + "\" is not a key: expected ID@fs (fs: disk, tmpfs, anon)";
    }
    if (keys.count(entry.key) == 0) {
      return where + "unknown key " + entry.key + ": no row of this catalog has it (see --list)";
    }
    if (result == "PASS") {
      return where + entry.key + ": PASS is not a deviation; list FAIL, ALLOWED, SKIP or BROKEN";
    }
    if (!ParseDeviation(result, &entry.result)) {
      return where + entry.key + ": result \"" + result +
             "\" is not one of FAIL, ALLOWED, SKIP, BROKEN";
    }
    if (entry.reason.empty()) {
      return where + entry.key + " " + result + ": the reason is missing (KEY RESULT reason...)";
    }
    auto dup = seen.find(entry.key);
    if (dup != seen.end()) {
      return where + entry.key + " is listed twice (first on line " + std::to_string(dup->second) +
             ")";
    }
    seen[entry.key] = number;
    parsed.entries.push_back(entry);
  }
  *baseline = parsed;
  return "";
}

std::string LoadBaseline(const std::string &path, const std::vector<Row> &rows,
                         Baseline *baseline) {
  std::string text;
  if (!mk_posix::ReadFile(path, &text)) {
    return "cannot read the baseline " + path + ": " + std::strerror(errno);
  }
  return ParseBaseline(text, path, rows, baseline);
}

BaselineCheck CheckBaseline(const Baseline &baseline, const std::vector<RowReport> &results) {
  BaselineCheck check;
  std::map<std::string, const BaselineEntry *> listed;
  for (const BaselineEntry &e : baseline.entries) listed[e.key] = &e;
  std::set<std::string> ran;
  int added = 0, fixed = 0, changed = 0;
  for (const RowReport &r : results) {
    const std::string key = r.row.Key();
    ran.insert(key);
    const Result got = r.verdict.result;
    auto it = listed.find(key);
    if (it == listed.end()) {
      if (got == Result::kPass) continue;
      added++;
      check.lines.push_back("NEW     " + key + " " + ResultName(got) + ": expected " +
                            r.verdict.expected + "; observed " + r.verdict.observed +
                            (r.verdict.detail.empty() ? "" : ": " + r.verdict.detail) +
                            " (not in the baseline)");
      continue;
    }
    const BaselineEntry &e = *it->second;
    const std::string where = baseline.path + ":" + std::to_string(e.line);
    if (got == e.result) {
      check.known++;
    } else if (got == Result::kPass) {
      fixed++;
      check.lines.push_back("FIXED   " + key + " passes now (" + where + " says " +
                            ResultName(e.result) + "): fixed: remove from the baseline");
    } else {
      changed++;
      check.lines.push_back("CHANGED " + key + " is " + ResultName(got) + ", " + where + " says " +
                            ResultName(e.result) + " (" + e.reason + "): observed " +
                            r.verdict.observed +
                            (r.verdict.detail.empty() ? "" : ": " + r.verdict.detail));
    }
  }
  for (const BaselineEntry &e : baseline.entries) {
    if (ran.count(e.key) == 0) check.not_run++;
  }
  check.matches = added == 0 && fixed == 0 && changed == 0;
  std::string last = "baseline " + baseline.path + ": ";
  if (check.matches) {
    last += "matches (" + std::to_string(check.known) + " known deviations)";
  } else {
    last += "differs: " + std::to_string(added) + " new, " + std::to_string(fixed) + " fixed, " +
            std::to_string(changed) + " changed (" + std::to_string(check.known) +
            " known deviations as listed)";
  }
  if (check.not_run > 0) {
    last += "; " + std::to_string(check.not_run) + " listed rows not run here (--only)";
  }
  check.lines.push_back(last);
  return check;
}

}  // namespace mk_conformance
