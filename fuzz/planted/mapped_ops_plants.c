/* fuzz/planted/mapped_ops_plants.c - a platform bug planted under //fuzz:mapped_ops_selfcheck
 * (see fuzz/common/plant.h). mapped_ops checks the platform mmapkit builds on, so its plant
 * breaks the platform: ftruncate as a file system with a stale-tail bug would do it. */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/common/plant.h"
#include "mmapkit/util.h"

int __real_ftruncate(int fd, off_t len);
int __wrap_ftruncate(int fd, off_t len);

enum { EXTEND_KEEPS_STALE_TAIL = 1 };
const struct fz_plant fz_plants[] = {
    {"extend_keeps_stale_tail",
     "growing a file whose size is not a page multiple leaves a stale byte where the old end "
     "was, instead of zeros"},
};
const int fz_plant_count = sizeof fz_plants / sizeof fz_plants[0];

int __wrap_ftruncate(int fd, off_t len) {
  struct stat st;
  int growing = fstat(fd, &st) == 0 && len > st.st_size && st.st_size % (off_t)mk_page_size();
  int rc = __real_ftruncate(fd, len);
  if (fz_plant_active == EXTEND_KEEPS_STALE_TAIL && rc == 0 && growing) {
    const char stale = 0x5a;
    (void)pwrite(fd, &stale, 1, st.st_size);
  }
  return rc;
}
