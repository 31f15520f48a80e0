// conformance/testing/programs.h - running a built program as a user runs it
// (its own process, argv, environment) and capturing what it printed; for
// tests of binaries (the report, its sandboxes). Test-only: no gtest, but
// nothing the shipped report needs either.
#ifndef MMAPKIT_CONFORMANCE_TESTING_PROGRAMS_H_
#define MMAPKIT_CONFORMANCE_TESTING_PROGRAMS_H_

#include <string>
#include <vector>

namespace mk_testing {

struct ProgramRun {
  int status = -1;    // exit status; 128 + signal if killed; -1 if it did not start
  std::string out;    // everything it wrote to stdout
  std::string err;    // and to stderr
  std::string error;  // why it did not start ("posix_spawn /x: No such file or directory")
};

// Runs argv[0] (a path) with argv and this process's environment plus
// extra_env ("NAME=value", replacing a variable of the same name) and waits.
ProgramRun RunProgram(const std::vector<std::string> &argv,
                      const std::vector<std::string> &extra_env = {});

// A file of the test's runfiles: $TEST_SRCDIR/$TEST_WORKSPACE/path.
std::string Runfile(const std::string &path);

}  // namespace mk_testing

#endif  // MMAPKIT_CONFORMANCE_TESTING_PROGRAMS_H_
