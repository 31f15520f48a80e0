/* Destination space reservation: fallocate before mapping, so a full disk or
 * a file size limit is an error return, not a SIGBUS on a mapped page. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>

#include "copy_internal.h"

int mk__copy_reserve(int fd, uint64_t off, uint64_t len) {
  if (len == 0) return 0;
  for (;;) {
    if (fallocate(fd, 0, (off_t)off, (off_t)len) == 0) return 0;
    if (errno == EINTR) continue;
    /* No fallocate here (some network and FUSE file systems): the caller's
     * ftruncate sizes the file and the SIGBUS guard covers the mapping. */
    if (errno == EOPNOTSUPP || errno == ENOSYS) return 0;
    return -errno;
  }
}
