/* MEMFD.SEAL.REJECTED_ADDS_NONE: an F_ADD_SEALS refused with EBUSY still adds the seals it
 * could (all but F_SEAL_WRITE): the request is applied in part. */
#include <errno.h>
#include <fcntl.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int fcntl(int fd, int cmd, ...) {
  MK_VA_LONG(cmd, arg);
  int r = mk_real_fcntl(fd, cmd, arg);
  if (r != 0 && cmd == F_ADD_SEALS && errno == EBUSY && mk_armed() && (arg & ~F_SEAL_WRITE)) {
    mk_real_fcntl(fd, F_ADD_SEALS, arg & ~F_SEAL_WRITE);
    errno = EBUSY;
  }
  return r;
}
MK_ALIAS64(fcntl);
