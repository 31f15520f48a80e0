/* fuzz/planted/copy_range_plants.c - bugs planted in mk_copy_range for
 * //fuzz:copy_range_selfcheck (see fuzz/common/plant.h). Each stands for a realistic bug in
 * core/src/copy*.c that only an I/O fault uncovers. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/common/io_faults.h"
#include "fuzz/common/plant.h"
#include "mmapkit/copy.h"

/* Straight to libc: the plant's own I/O must not meet the fault plan. */
ssize_t __real_pread(int fd, void *buf, size_t n, off_t off);
ssize_t __real_pwrite(int fd, const void *buf, size_t n, off_t off);
int __real_ftruncate(int fd, off_t len);
int __real_mk_copy_range(int in_fd, uint64_t in_off, int out_fd, uint64_t out_off, uint64_t len,
                         const struct mk_copy_options *options);
int __wrap_mk_copy_range(int in_fd, uint64_t in_off, int out_fd, uint64_t out_off, uint64_t len,
                         const struct mk_copy_options *options);

enum { SHORT_WRITE_TAKEN_WHOLE = 1, SIZE_NOT_RESTORED_AFTER_IO_ERROR };
const struct fz_plant fz_plants[] = {
    {"short_write_taken_whole",
     "pwrite's short count taken for the whole window: the rest of the window is never written"},
    {"size_not_restored_after_io_error",
     "an I/O error after the destination was sized leaves it at out_off + len"},
};
const int fz_plant_count = sizeof fz_plants / sizeof fz_plants[0];

int __wrap_mk_copy_range(int in_fd, uint64_t in_off, int out_fd, uint64_t out_off, uint64_t len,
                         const struct mk_copy_options *options) {
  /* The last byte of the range before the copy (0 past the end: a gap reads as zeros). */
  uint8_t old_last = 0;
  if (len > 0) (void)__real_pread(out_fd, &old_last, 1, (off_t)(out_off + len - 1));
  int rc = __real_mk_copy_range(in_fd, in_off, out_fd, out_off, len, options);
  const struct fz_io_record *io = fz_io_record();
  if (fz_plant_active == SHORT_WRITE_TAKEN_WHOLE && rc == 0 && io->short_writes > 0) {
    (void)__real_pwrite(out_fd, &old_last, 1, (off_t)(out_off + len - 1));
  }
  /* Only errors met while copying, after the destination was sized. */
  const char *call = io->hard_call ? io->hard_call : "";
  int after_sizing = !strncmp(call, "pwrite", 6) || !strncmp(call, "pread", 5) ||
                     !strncmp(call, "mmap", 4) || !strcmp(call, "fsync");
  struct stat st;
  if (fz_plant_active == SIZE_NOT_RESTORED_AFTER_IO_ERROR && rc == -io->hard_errno &&
      after_sizing && fstat(out_fd, &st) == 0 && (uint64_t)st.st_size < out_off + len) {
    (void)__real_ftruncate(out_fd, (off_t)(out_off + len));
  }
  return rc;
}
