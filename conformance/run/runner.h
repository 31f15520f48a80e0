// conformance/run/runner.h - runs one catalog row: prepares a fresh scratch
// directory on the row's file system, runs the check, cleans up. In process
// (googletests, so sanitizers see the check) or isolated in a forked child
// with a timeout (the report: a crashing or hanging check never takes it
// down).
#ifndef MMAPKIT_CONFORMANCE_RUN_RUNNER_H_
#define MMAPKIT_CONFORMANCE_RUN_RUNNER_H_

#include <string>

#include "conformance/catalog/catalog.h"
#include "conformance/catalog/observation.h"
#include "conformance/run/fs_dirs.h"

namespace mk_conformance {

struct RunConfig {
  FsDirs dirs;
  int timeout_ms = 20000;  // per check, isolated runs only
};

Observation RunRowInProcess(const Row &row, const RunConfig &config);
Observation RunRowIsolated(const Row &row, const RunConfig &config);

}  // namespace mk_conformance

#endif  // MMAPKIT_CONFORMANCE_RUN_RUNNER_H_
