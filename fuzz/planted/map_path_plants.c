/* fuzz/planted/map_path_plants.c - bugs planted in mk_map_path for //fuzz:map_path_selfcheck
 * (see fuzz/common/plant.h), each a realistic bug in core/src/map.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fuzz/common/plant.h"
#include "mmapkit/map.h"

int __real_mk_map_path(const char *path, enum mk_map_mode mode, struct mk_mapping *out);
int __wrap_mk_map_path(const char *path, enum mk_map_mode mode, struct mk_mapping *out);

enum { PRIVATE_OPENED_READ_WRITE = 1, DESCRIPTOR_LEAKED_ON_ERROR };
const struct fz_plant fz_plants[] = {
    {"private_opened_read_write",
     "MK_MAP_PRIVATE opens the file O_RDWR: a read-only file cannot be mapped privately"},
    {"descriptor_leaked_on_error",
     "a path that opens but is refused (directory, FIFO) leaves its descriptor open"},
};
const int fz_plant_count = sizeof fz_plants / sizeof fz_plants[0];

int __wrap_mk_map_path(const char *path, enum mk_map_mode mode, struct mk_mapping *out) {
  if (fz_plant_active == PRIVATE_OPENED_READ_WRITE && path && out && mode == MK_MAP_PRIVATE) {
    int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 && errno == EACCES) return -EACCES;
    if (fd >= 0) close(fd);
  }
  int rc = __real_mk_map_path(path, mode, out);
  if (fz_plant_active == DESCRIPTOR_LEAKED_ON_ERROR && (rc == -EISDIR || rc == -EINVAL) && path) {
    (void)open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  }
  return rc;
}
