/* mk_copy_file: open and check the source, resolve and check the
 * destination, copy into a temporary file beside it (holes kept, space
 * reserved first), rename it over the destination only when everything
 * succeeded (see mmapkit/copy.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "copy_internal.h"
#include "sigbus_guard.h"

/* Longest part of dst's name reused in the temporary file's name, so that
 * ".<name>.mmapkit-XXXXXX" stays within NAME_MAX (255). */
enum { TEMP_NAME_PART = 200 };

struct source {
  int fd;
  struct stat st;
};

struct target {
  char *path; /* the file to create or replace: dst, or where its symlink points */
  char *dir;  /* its directory, for the temporary file and MK_COPY_SYNC */
  char *tmp;  /* the temporary file; NULL once renamed (or never created) */
  int tmp_fd;
};

static int open_source(const char *src, struct source *s) {
  /* O_NONBLOCK: opening a FIFO must not wait for a writer before we refuse it. */
  s->fd = open(src, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (s->fd < 0) return -errno;
  if (fstat(s->fd, &s->st) != 0) return -errno;
  int rc = mk_copy_check_type(s->st.st_mode);
  if (rc != 0) return rc;
  int fl = fcntl(s->fd, F_GETFL);
  if (fl < 0 || fcntl(s->fd, F_SETFL, fl & ~O_NONBLOCK) != 0) return -errno;
  return 0;
}

/* Splits t->path into t->dir; refuses an empty name and one ending in '/'. */
static int split_path(struct target *t) {
  if (t->path[0] == '\0') return -ENOENT; /* like open("") */
  const char *slash = strrchr(t->path, '/');
  if (slash != NULL && slash[1] == '\0') return -ENOTDIR; /* "x/" that is no directory */
  if (slash == NULL) {
    t->dir = strdup(".");
  } else if (slash == t->path) {
    t->dir = strdup("/");
  } else {
    t->dir = strndup(t->path, (size_t)(slash - t->path));
  }
  return t->dir != NULL ? 0 : -ENOMEM;
}

/* dst -> the file to replace (dst itself, or what its symbolic link points
 * to) and the checks on it. Nothing is opened for writing here. */
static int resolve_target(const char *dst, const struct source *s, struct target *t,
                          enum mk_copy_step *step) {
  struct stat st;
  *step = MK_COPY_STEP_STAT_DEST;
  if (lstat(dst, &st) != 0) {
    if (errno != ENOENT) return -errno;
    t->path = strdup(dst); /* a new file */
    if (t->path == NULL) return -ENOMEM;
    *step = MK_COPY_STEP_CREATE_DEST;
    return split_path(t);
  }
  if (S_ISLNK(st.st_mode)) {
    if (stat(dst, &st) != 0) return -errno; /* a dangling link: -ENOENT */
    t->path = realpath(dst, NULL);
  } else {
    t->path = strdup(dst);
  }
  if (t->path == NULL) return -errno; /* ENOMEM, or why realpath failed */

  if (st.st_dev == s->st.st_dev && st.st_ino == s->st.st_ino) {
    *step = MK_COPY_STEP_SAME_FILE;
    return -EINVAL;
  }
  int rc = mk_copy_check_type(st.st_mode);
  if (rc != 0) return rc;
  /* Like cp: an existing file we may not write is not replaced either. */
  *step = MK_COPY_STEP_CREATE_DEST;
  if (faccessat(AT_FDCWD, t->path, W_OK, AT_EACCESS) != 0) return -errno;
  return split_path(t);
}

/* ".<name>.mmapkit-XXXXXX" in t->dir, with src's permission bits. */
static int create_temp(struct target *t, mode_t mode) {
  const char *slash = strrchr(t->path, '/');
  const char *name = slash != NULL ? slash + 1 : t->path;
  size_t size = strlen(t->dir) + TEMP_NAME_PART + 32;
  t->tmp = malloc(size);
  if (t->tmp == NULL) return -ENOMEM;
  snprintf(t->tmp, size, "%s/.%.*s.mmapkit-XXXXXX", t->dir, (int)TEMP_NAME_PART, name);
  t->tmp_fd = mkostemp(t->tmp, O_CLOEXEC);
  if (t->tmp_fd < 0) {
    int err = errno;
    free(t->tmp);
    t->tmp = NULL;
    return -err;
  }
  if (fchmod(t->tmp_fd, mode & 0777) != 0) return -errno;
  return 0;
}

/* procfs and sysfs report sizes unrelated to their content (0, or 4096);
 * a regular file of size 0 may be one of many such pseudo files. */
static int size_untrusted(const struct source *s) {
  if (s->st.st_size == 0) return 1;
  struct statfs fs;
  return fstatfs(s->fd, &fs) == 0 && (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC);
}

/* The next data segment [*start, *end) at or after pos; *start == size when
 * there is none. */
static int next_data(int fd, uint64_t pos, uint64_t size, uint64_t *start, uint64_t *end) {
  off_t data = lseek(fd, (off_t)pos, SEEK_DATA);
  if (data < 0) {
    if (errno != ENXIO) return -errno;
    data = (off_t)size; /* only a hole left (or the file shrank: checked after the copy) */
  }
  *start = (uint64_t)data < size ? (uint64_t)data : size;
  *end = size;
  if (*start == size) return 0;
  off_t hole = lseek(fd, data, SEEK_HOLE);
  if (hole < 0 && errno != ENXIO) return -errno;
  if (hole > data && (uint64_t)hole < size) *end = (uint64_t)hole;
  return 0;
}

/* Reserve the space of every data segment of the source, so a full disk
 * fails here, before anything is mapped; holes stay unallocated. */
static int reserve_data(int in_fd, int out_fd, uint64_t size, enum mk_copy_side *side) {
  uint64_t start, end;
  for (uint64_t pos = 0; pos < size; pos = end) {
    int rc = next_data(in_fd, pos, size, &start, &end);
    if (rc != 0) {
      *side = MK_COPY_SIDE_SOURCE;
      return rc;
    }
    if (start == size) break;
    rc = mk_copy_reserve(out_fd, start, end - start);
    if (rc != 0) {
      *side = MK_COPY_SIDE_DEST;
      return rc;
    }
  }
  return 0;
}

/* The mmap copy of a whole regular file: data segments only. */
static int copy_mapped(const struct mk_copy_plan *plan, const struct source *s, int out_fd,
                       enum mk_copy_side *side) {
  uint64_t size = (uint64_t)s->st.st_size;
  *side = MK_COPY_SIDE_DEST;
  if (ftruncate(out_fd, (off_t)size) != 0) return -errno;
  int rc = 0;
  if (!(plan->flags & MK_COPY_NO_RESERVE)) rc = reserve_data(s->fd, out_fd, size, side);
  if (rc != 0) return rc;
  rc = mk_sigbus_acquire();
  if (rc != 0) return rc;

  struct mk_copy_job job = {plan, s->fd, out_fd, 0, 0, size, MK_COPY_SIDE_NONE};
  uint64_t start, end;
  for (uint64_t pos = 0; pos < size && rc == 0; pos = end) {
    rc = next_data(s->fd, pos, size, &start, &end);
    if (rc != 0) {
      job.failed = MK_COPY_SIDE_SOURCE;
    } else if (start == size) {
      break;
    } else {
      rc = mk_copy_windows(&job, start, end - start);
    }
  }
  mk_sigbus_release();
  *side = job.failed;
  if (rc != 0) return rc;

  /* A source that shrank before its data was scanned shows no data where it
   * had some: without this check the copy would be silently short. */
  struct stat now;
  *side = MK_COPY_SIDE_SOURCE;
  if (fstat(s->fd, &now) != 0) return -errno;
  if ((uint64_t)now.st_size < size) return -ENODATA;
  *side = MK_COPY_SIDE_NONE;
  return 0;
}

static int sync_directory(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -errno;
  int rc = fsync(fd) != 0 ? -errno : 0;
  close(fd);
  return rc;
}

static enum mk_copy_step side_step(enum mk_copy_side side) {
  switch (side) {
    case MK_COPY_SIDE_SOURCE:
      return MK_COPY_STEP_READ_SOURCE;
    case MK_COPY_SIDE_DEST:
      return MK_COPY_STEP_WRITE_DEST;
    case MK_COPY_SIDE_NONE:
    default:
      return MK_COPY_STEP_NONE;
  }
}

/* Everything after the checks: fill the temporary file, commit it. */
static int copy_and_commit(const struct mk_copy_plan *plan, const struct source *s,
                           struct target *t, uint64_t *copied, enum mk_copy_step *step) {
  enum mk_copy_side side = MK_COPY_SIDE_NONE;
  int rc;
  if (size_untrusted(s)) {
    rc = mk_copy_stream(plan, s->fd, t->tmp_fd, copied, &side);
  } else {
    *copied = (uint64_t)s->st.st_size;
    rc = copy_mapped(plan, s, t->tmp_fd, &side);
  }
  *step = side_step(side);
  if (rc != 0) return rc;

  *step = MK_COPY_STEP_WRITE_DEST;
  if ((plan->flags & MK_COPY_SYNC) && fsync(t->tmp_fd) != 0) return -errno;
  int fd = t->tmp_fd;
  t->tmp_fd = -1;
  if (close(fd) != 0) return -errno; /* NFS reports write errors here */

  *step = MK_COPY_STEP_NONE;
  rc = mk_copy_progress(plan, *copied, *copied); /* last chance to cancel */
  if (rc != 0) return rc;

  *step = MK_COPY_STEP_RENAME_DEST;
  if (rename(t->tmp, t->path) != 0) return -errno;
  free(t->tmp);
  t->tmp = NULL; /* it is dst now */
  /* After the rename: dst is already replaced if this fails (documented). */
  if (plan->flags & MK_COPY_SYNC) return sync_directory(t->dir);
  return 0;
}

int mk_copy_file_report(const char *src, const char *dst, const struct mk_copy_options *options,
                        struct mk_copy_report *report) {
  struct mk_copy_report unused;
  if (report == NULL) report = &unused;
  report->copied = 0;
  report->failed = MK_COPY_STEP_NONE;

  struct mk_copy_plan plan;
  int rc = mk_copy_plan_init(options, &plan);
  if (rc != 0) return rc;
  if (src == NULL || dst == NULL) return -EINVAL;

  struct source s = {.fd = -1};
  struct target t = {.tmp_fd = -1};
  enum mk_copy_step step = MK_COPY_STEP_OPEN_SOURCE;
  uint64_t copied = 0;
  rc = open_source(src, &s);
  if (rc == 0) rc = resolve_target(dst, &s, &t, &step);
  if (rc == 0) {
    step = MK_COPY_STEP_CREATE_DEST;
    rc = create_temp(&t, s.st.st_mode);
  }
  if (rc == 0) rc = copy_and_commit(&plan, &s, &t, &copied, &step);

  if (t.tmp_fd >= 0) close(t.tmp_fd);
  if (t.tmp != NULL) {
    unlink(t.tmp); /* a failed copy leaves nothing behind */
    free(t.tmp);
  }
  free(t.dir);
  free(t.path);
  if (s.fd >= 0) close(s.fd);

  if (rc != 0) {
    report->failed = step;
  } else {
    report->copied = copied;
  }
  return rc;
}

int mk_copy_file(const char *src, const char *dst, const struct mk_copy_options *options,
                 uint64_t *copied) {
  struct mk_copy_report report;
  int rc = mk_copy_file_report(src, dst, options, &report);
  if (rc == 0 && copied != NULL) *copied = report.copied;
  return rc;
}
