/* fuzz/planted/mapped_ops_plants.c - a platform bug planted under //fuzz:mapped_ops_selfcheck
 * (see fuzz/common/plant.h). mapped_ops checks the platform mmapkit builds on, so its plant
 * breaks the platform: ftruncate as a file system with a stale-tail bug would do it. */
#define _GNU_SOURCE
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/common/plant.h"
#include "mmapkit/util.h"

/* Both names: with a 64-bit off_t (MK_LARGE_FILE_COPTS) glibc's headers send ftruncate
 * calls to ftruncate64, on 64-bit ABIs too. */
int __real_ftruncate(int fd, off_t len);
int __wrap_ftruncate(int fd, off_t len);
int __real_ftruncate64(int fd, off64_t len);
int __wrap_ftruncate64(int fd, off64_t len);

enum { EXTEND_KEEPS_STALE_TAIL = 1 };
const struct fz_plant fz_plants[] = {
    {"extend_keeps_stale_tail",
     "growing a file whose size is not a page multiple leaves a stale byte where the old end "
     "was, instead of zeros"},
};
const int fz_plant_count = sizeof fz_plants / sizeof fz_plants[0];

static off64_t size_of(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 ? (off64_t)st.st_size : -1;
}

/* After libc's ftruncate (its result rc) of a file that had size before. */
static int after_truncate(int fd, off64_t before, off64_t len, int rc) {
  int growing = before >= 0 && len > before && before % (off64_t)mk_page_size();
  if (fz_plant_active == EXTEND_KEEPS_STALE_TAIL && rc == 0 && growing) {
    const char stale = 0x5a;
    (void)pwrite(fd, &stale, 1, before);
  }
  return rc;
}

int __wrap_ftruncate(int fd, off_t len) {
  off64_t before = size_of(fd);
  return after_truncate(fd, before, len, __real_ftruncate(fd, len));
}

int __wrap_ftruncate64(int fd, off64_t len) {
  off64_t before = size_of(fd);
  return after_truncate(fd, before, len, __real_ftruncate64(fd, len));
}
