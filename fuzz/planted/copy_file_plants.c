/* fuzz/planted/copy_file_plants.c - bugs planted in mk_copy_file_report for
 * //fuzz:copy_file_selfcheck (see fuzz/common/plant.h). Each stands for a realistic bug in
 * core/src/copy*.c behind one of the harness's checks that were once blind spots. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/common/io_faults.h"
#include "fuzz/common/plant.h"
#include "mmapkit/copy.h"

int __real_close(int fd);
int __real_mk_copy_file_report(const char *src, const char *dst,
                               const struct mk_copy_options *options,
                               struct mk_copy_report *report);
int __wrap_mk_copy_file_report(const char *src, const char *dst,
                               const struct mk_copy_options *options,
                               struct mk_copy_report *report);

enum { FALLBACK_STOPS_AT_SHORT_READ = 1, SOURCE_ERROR_BLAMED_ON_DEST, TEMP_LEFT_AFTER_IO_ERROR };
const struct fz_plant fz_plants[] = {
    {"fallback_stops_at_short_read",
     "the read()/write() fallback takes a short read for the end of the file"},
    {"source_error_blamed_on_destination",
     "mk_copy_file_report says WRITE_DEST for a failure reading the source"},
    {"temp_file_left_after_io_error", "an I/O error returns without unlinking the temporary file"},
};
const int fz_plant_count = sizeof fz_plants / sizeof fz_plants[0];

/* The directory part of path ("." for none). */
static void dir_of(const char *path, char *out, size_t size) {
  const char *slash = strrchr(path, '/');
  if (!slash) {
    snprintf(out, size, ".");
  } else {
    snprintf(out, size, "%.*s", (int)(slash - path), path);
  }
}

int __wrap_mk_copy_file_report(const char *src, const char *dst,
                               const struct mk_copy_options *options,
                               struct mk_copy_report *report) {
  int rc = __real_mk_copy_file_report(src, dst, options, report);
  const struct fz_io_record *io = fz_io_record();
  if (fz_plant_active == FALLBACK_STOPS_AT_SHORT_READ && rc == 0 && io->short_reads > 0 &&
      io->first_short_read_offset < report->copied &&
      truncate(dst, (off_t)io->first_short_read_offset) == 0) {
    report->copied = io->first_short_read_offset;
  }
  if (fz_plant_active == SOURCE_ERROR_BLAMED_ON_DEST &&
      report->failed == MK_COPY_STEP_READ_SOURCE) {
    report->failed = MK_COPY_STEP_WRITE_DEST;
  }
  if (fz_plant_active == TEMP_LEFT_AFTER_IO_ERROR && rc != 0 && rc == -io->hard_errno && dst) {
    char tmp[4200], dir[4096];
    dir_of(dst, dir, sizeof dir);
    snprintf(tmp, sizeof tmp, "%s/.dst.mmapkit-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd >= 0) __real_close(fd);
  }
  return rc;
}
