// Running built programs from tests (see programs.h).
#include "conformance/testing/programs.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "conformance/posix/fixtures.h"

extern char **environ;

namespace mk_testing {

namespace {

// The variable's name: "NAME" of "NAME=value".
std::string NameOf(const std::string &assignment) {
  return assignment.substr(0, assignment.find('='));
}

}  // namespace

ProgramRun RunProgram(const std::vector<std::string> &argv,
                      const std::vector<std::string> &extra_env) {
  ProgramRun run;
  mk_posix::TempDirectory dir;
  const std::string out = dir.Join("stdout"), err = dir.Join("stderr");
  std::vector<std::string> env;
  for (char **e = environ; *e != nullptr; e++) {
    bool replaced = false;
    for (const std::string &extra : extra_env) replaced = replaced || NameOf(extra) == NameOf(*e);
    if (!replaced) env.push_back(*e);
  }
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  std::vector<char *> args, envp;
  for (const std::string &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  for (const std::string &e : env) envp.push_back(const_cast<char *>(e.c_str()));
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid;
  int rc = argv.empty()
               ? EINVAL
               : posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    run.error = "posix_spawn " + (argv.empty() ? std::string("(no program)") : argv[0]) + ": " +
                std::strerror(rc);
    return run;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  mk_posix::ReadFile(out, &run.out);
  mk_posix::ReadFile(err, &run.err);
  return run;
}

std::string Runfile(const std::string &path) {
  const char *srcdir = std::getenv("TEST_SRCDIR");
  const char *workspace = std::getenv("TEST_WORKSPACE");
  return std::string(srcdir ? srcdir : ".") + "/" + (workspace ? workspace : "mmapkit") + "/" +
         path;
}

}  // namespace mk_testing
