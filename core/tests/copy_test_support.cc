// What only the copy tests need (see copy_test_support.h).
#include "core/tests/copy_test_support.h"

#include <cerrno>
#include <cstring>

#include "gtest/gtest.h"
#include "mmapkit/util.h"

namespace mk_copy_testing {

std::string Contents(const std::string &path) {
  std::string s;
  EXPECT_TRUE(ReadFile(path, &s)) << path << ": " << strerror(errno);
  return s;
}

std::string Contents(int fd) {
  std::string s;
  EXPECT_TRUE(ReadFd(fd, &s)) << strerror(errno);
  return s;
}

mk_copy_options Options(size_t window, unsigned flags, mk_copy_strategy strategy) {
  mk_copy_options options = {};
  options.window = window;
  options.flags = flags;
  options.strategy = strategy;
  return options;
}

mk_copy_options Progress::Options(size_t window, unsigned flags, mk_copy_strategy strategy) {
  mk_copy_options options = mk_copy_testing::Options(window, flags, strategy);
  options.progress = &Progress::Call;
  options.progress_arg = this;
  return options;
}

int Progress::Call(void *self, uint64_t done, uint64_t total) {
  return static_cast<Progress *>(self)->fn_(done, total);
}

std::string StrategyName(mk_copy_strategy strategy) {
  switch (strategy) {
    case MK_COPY_MAP_BOTH:
      return "MapBoth";
    case MK_COPY_MAP_SRC_WRITE:
      return "MapSrcWrite";
    case MK_COPY_MAP_DST_READ:
      return "MapDstRead";
  }
  return "Strategy" + std::to_string(static_cast<int>(strategy));
}

static const char *StepName(mk_copy_step step) {
  switch (step) {
    case MK_COPY_STEP_NONE:
      return "NONE";
    case MK_COPY_STEP_OPEN_SOURCE:
      return "OPEN_SOURCE";
    case MK_COPY_STEP_STAT_DEST:
      return "STAT_DEST";
    case MK_COPY_STEP_SAME_FILE:
      return "SAME_FILE";
    case MK_COPY_STEP_CREATE_DEST:
      return "CREATE_DEST";
    case MK_COPY_STEP_READ_SOURCE:
      return "READ_SOURCE";
    case MK_COPY_STEP_WRITE_DEST:
      return "WRITE_DEST";
    case MK_COPY_STEP_RENAME_DEST:
      return "RENAME_DEST";
  }
  return "step?";
}

std::string Outcome(int rc, const mk_copy_report &report) {
  if (rc == 0) return "success";
  const char *name = mk_errno_name(rc);
  return std::string(name ? name : std::to_string(rc).c_str()) + " at " + StepName(report.failed);
}

std::string Copy(const std::string &src, const std::string &dst, const mk_copy_options *options) {
  mk_copy_report report;
  int rc = mk_copy_file_report(src.c_str(), dst.c_str(), options, &report);
  return Outcome(rc, report);
}

}  // namespace mk_copy_testing
