/* mk_copy_range: validate both descriptors and both ranges, size the
 * destination, then run the window loop (see mmapkit/copy.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "copy_internal.h"
#include "files.h"
#include "mmapkit/util.h"

/* fd must be open (not O_PATH) and a regular file. */
static int check_fd(int fd, int *fl, struct stat *st) {
  *fl = fcntl(fd, F_GETFL);
  if (*fl < 0) return -errno;
  if (*fl & O_PATH) return -EBADF;
  if (fstat(fd, st) != 0) return -errno;
  return mk__check_file_type(st->st_mode);
}

static int check_arguments(int in_fd, uint64_t in_off, int out_fd, uint64_t out_off, uint64_t len,
                           struct stat *out_st) {
  int in_fl, out_fl;
  struct stat in_st;
  int rc = check_fd(in_fd, &in_fl, &in_st);
  if (rc == 0) rc = check_fd(out_fd, &out_fl, out_st);
  if (rc != 0) return rc;
  if ((in_fl & O_ACCMODE) == O_WRONLY) return -EBADF;
  if ((out_fl & O_ACCMODE) == O_RDONLY || (out_fl & O_APPEND)) return -EBADF;
  if ((out_fl & O_ACCMODE) == O_WRONLY) return -EACCES;

  uint64_t in_end, out_end;
  rc = mk_add_checked(in_off, len, INT64_MAX, &in_end);
  if (rc == 0) rc = mk_add_checked(out_off, len, INT64_MAX, &out_end);
  if (rc != 0) return rc;
  if (len > 0 && in_st.st_dev == out_st->st_dev && in_st.st_ino == out_st->st_ino &&
      in_off < out_end && out_off < in_end) {
    return -EINVAL; /* overlapping ranges of one file */
  }
  if (in_end > (uint64_t)in_st.st_size) return -ENODATA;
  return 0;
}

/* Make out_fd at least end bytes long, reserving [off, end) unless told not to. */
static int size_destination(const struct mk__copy_plan *plan, int fd, uint64_t off, uint64_t end) {
  if (!(plan->flags & MK_COPY_NO_RESERVE)) {
    int rc = mk__copy_reserve(fd, off, end - off);
    if (rc != 0) return rc;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) return -errno;
  if ((uint64_t)st.st_size < end && ftruncate(fd, (off_t)end) != 0) return -errno;
  return 0;
}

/* 0 if the source is still at least end bytes long, else -ENODATA. */
static int source_still_covers(int fd, uint64_t end) {
  struct stat st;
  if (fstat(fd, &st) != 0) return -errno;
  return (uint64_t)st.st_size < end ? -ENODATA : 0;
}

int mk_copy_range(int in_fd, uint64_t in_off, int out_fd, uint64_t out_off, uint64_t len,
                  const struct mk_copy_options *options) {
  struct mk__copy_plan plan;
  struct stat out_st;
  int rc = mk__copy_plan_init(options, &plan);
  /* Whole-file choices. */
  if (rc == 0 && (plan.flags & (MK_COPY_IN_PLACE | MK_COPY_PRESERVE))) rc = -EINVAL;
  if (rc == 0) rc = check_arguments(in_fd, in_off, out_fd, out_off, len, &out_st);
  if (rc != 0 || len == 0) return rc;

  uint64_t old_size = (uint64_t)out_st.st_size;
  rc = size_destination(&plan, out_fd, out_off, out_off + len);
  if (rc == 0) {
    struct mk__copy_job job = {&plan, in_fd, out_fd, in_off, out_off, len, MK_COPY_SIDE_NONE, 0};
    const struct mk__copy_segment all = {0, len};
    rc = mk__copy_windows(&job, &all, 1);
  }
  /* A source that shrank within its last page reads as zeros there instead of
   * faulting: only its size tells that the copy is short. */
  if (rc == 0) rc = source_still_covers(in_fd, in_off + len);
  if (rc == 0) rc = mk__copy_progress(&plan, len, len);
  if (rc == 0 && (plan.flags & MK_COPY_SYNC) && fsync(out_fd) != 0) rc = -errno;
  if (rc != 0) {
    /* Give back what we added: a failed copy does not leave the file longer. */
    struct stat st;
    if (fstat(out_fd, &st) == 0 && (uint64_t)st.st_size > old_size &&
        ftruncate(out_fd, (off_t)old_size) != 0) {
      /* Best effort: the copy's own error is the one to report. */
    }
  }
  return rc;
}
