/* MEMFD.SEAL_FUTURE_WRITE.SHARED_WRITE_EPERM: F_ADD_SEALS(F_SEAL_FUTURE_WRITE) returns 0 and
 * adds no seal, so new writable shared mappings stay possible. */
#include <fcntl.h>

#include "conformance/shims/shim.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

MK_INTERPOSE int fcntl(int fd, int cmd, ...) {
  MK_VA_LONG(cmd, arg);
  if (mk_armed() && cmd == F_ADD_SEALS && arg == F_SEAL_FUTURE_WRITE) return 0;
  return mk_real_fcntl(fd, cmd, arg);
}
MK_ALIAS64(fcntl);
