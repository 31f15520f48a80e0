// conformance/posix/privileges.h - for the body of a forked child
// (RunInChild, StartChild, InChild): give up root's file capabilities so
// permission bits decide, or move into a private mount namespace so what the
// child mounts vanishes with it. No googletest dependency (part of :fixtures).
#ifndef MMAPKIT_CONFORMANCE_POSIX_PRIVILEGES_H_
#define MMAPKIT_CONFORMANCE_POSIX_PRIVILEGES_H_

#include <string>

#include "conformance/posix/posix_error.h"

namespace mk_posix {

// Drops CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER (effective and
// permitted) from the calling process so that, even as root, permission bits
// decide. Child only: it cannot be undone. On failure, the errno and the call.
PosixError DropFileCapabilities();

// Drops one capability (CAP_IPC_LOCK, ...: effective and permitted) from the
// calling process, so the limit it lifts applies even to root. Child only.
// On failure, the errno and the call.
PosixError DropCapability(int cap);

// Moves the calling process into its own mount namespace with private
// propagation, so what it mounts is seen by nobody else and vanishes with it.
// Child only. Returns "" or, where that is not permitted, "skip: why".
std::string EnterPrivateMountNamespace();

}  // namespace mk_posix

#endif  // MMAPKIT_CONFORMANCE_POSIX_PRIVILEGES_H_
