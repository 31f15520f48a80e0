// Running one catalog row in process or in an isolated child (see runner.h).
#include "conformance/run/runner.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>

#include "conformance/checks/check_env.h"
#include "conformance/posix/fixtures.h"

namespace mk_conformance {

namespace {

// A check's environment, or why its row cannot run here.
struct Prepared {
  std::unique_ptr<ScratchDir> scratch;
  CheckEnv env;
  bool skip = false;
  Observation skip_reason;
};

Prepared Prepare(const Row &row, const RunConfig &config) {
  Prepared p;
  p.env.fs = row.fs;
  p.env.page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::string parent = row.fs == Fs::kTmpfs ? config.dirs.tmpfs : config.dirs.disk;
  if (parent.empty()) {
    p.skip = true;
    p.skip_reason = Skipped(row.fs == Fs::kTmpfs ? config.dirs.tmpfs_missing
                                                 : "no directory for the disk rows");
    return p;
  }
  p.scratch.reset(new ScratchDir(parent));
  p.env.dir = p.scratch->path();
  return p;
}

bool WriteAll(int fd, const std::string &bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Everything the pipe holds now (the writer has exited): never blocks.
std::string ReadAvailable(int fd) {
  std::string bytes;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    bytes.append(buf, static_cast<size_t>(n));
  }
  return bytes;
}

// A setup step that failed the way MAP_SHARED fails in the row's directory
// failed for that reason: the row cannot be checked there, which is SKIP
// naming the missing capability (the rows that test MAP_SHARED itself
// observe the refusal as their result and FAIL).
Observation ExplainSetupFailure(const Row &row, const RunConfig &config, const Observation &o) {
  const FsDirs &dirs = config.dirs;
  if (o.kind != Observation::Kind::kSetupFailed || row.fs == Fs::kTmpfs ||
      dirs.disk_shared_refused.empty() || o.err != dirs.disk_shared_errno) {
    return o;
  }
  return Skipped("needs MAP_SHARED file mappings, which this file system refuses (" +
                 dirs.disk_shared_refused + "); setup: " + o.detail);
}

}  // namespace

Observation RunRowInProcess(const Row &row, const RunConfig &config) {
  Prepared p = Prepare(row, config);
  if (p.skip) return p.skip_reason;
  return ExplainSetupFailure(row, config, row.entry->check(p.env));
}

Observation RunRowIsolated(const Row &row, const RunConfig &config) {
  Prepared p = Prepare(row, config);
  if (p.skip) return p.skip_reason;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return SetupFailed("pipe2", errno);
  const CheckFn check = row.entry->check;
  const CheckEnv env = p.env;
  // A group of its own: whatever the check forks dies with it.
  mk_posix::ChildOutcome outcome = mk_posix::RunInChildGroup(
      [&] {
        close(fds[0]);
        if (!WriteAll(fds[1], SerializeObservation(check(env)))) _exit(90);
      },
      config.timeout_ms);
  close(fds[1]);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  std::string message = ReadAvailable(fds[0]);
  close(fds[0]);

  if (!outcome.started) return SetupFailed("fork", errno);
  if (outcome.timed_out) {
    return TimedOut("timed out after " + std::to_string(config.timeout_ms) +
                    " ms; the check was killed");
  }
  if (!outcome.exited) return Crashed("the check was " + outcome.Describe());
  if (outcome.exit_code != 0) return Crashed("the check " + outcome.Describe());
  Observation o;
  if (!ParseObservation(message, &o)) {
    return Crashed("the check exited without reporting an observation");
  }
  return ExplainSetupFailure(row, config, o);
}

}  // namespace mk_conformance
