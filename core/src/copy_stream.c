/* The read()/write() fallback of mk_copy_file for sources whose st_size
 * cannot be trusted (procfs, sysfs, regular files reporting 0 bytes): mmap
 * needs a size, these only have an end of file. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "copy_internal.h"
#include "files.h"

enum { STREAM_BUFFER = 64 << 10 };

int mk__copy_stream(const struct mk__copy_plan *plan, int in_fd, int out_fd, uint64_t *copied,
                    enum mk__copy_side *side) {
  *copied = 0;
  *side = MK_COPY_SIDE_NONE;
  char *buf = malloc(STREAM_BUFFER);
  if (buf == NULL) return -ENOMEM;
  int rc = 0;
  for (;;) {
    rc = mk__copy_progress(plan, *copied, 0);
    if (rc != 0) break;
    ssize_t r = read(in_fd, buf, STREAM_BUFFER);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      rc = -errno;
      *side = MK_COPY_SIDE_SOURCE;
      break;
    }
    if (r == 0) break;
    rc = mk__write_full(out_fd, buf, (size_t)r, -1);
    if (rc != 0) {
      *side = MK_COPY_SIDE_DEST;
      break;
    }
    *copied += (uint64_t)r;
  }
  free(buf);
  return rc;
}
