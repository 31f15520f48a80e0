/* The data of a whole source file into an open destination, for mk_copy_file:
 * mmap windows over the source's data segments (holes stay holes, space
 * reserved first), or read/write for sources whose size cannot be trusted.
 * The destination is a fresh temporary file or, in place, the existing file:
 * then its bytes where the source has holes are punched out and it ends at
 * the source's size. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "copy_internal.h"
#include "files.h"

/* procfs and sysfs report sizes unrelated to their content (0, or 4096);
 * a regular file of size 0 may be one of many such pseudo files. */
static int size_untrusted(int fd, const struct stat *st) {
  if (st->st_size == 0) return 1;
  struct statfs fs;
  return fstatfs(fd, &fs) == 0 && (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC);
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

/* The source's data segments, found once (SEEK_DATA/SEEK_HOLE walk the
 * page cache on tmpfs: 18 ms per scan of a cached GiB) and used for the
 * reservation, the copy and, in place, the holes to clear. */
struct segments {
  struct mk__copy_segment *v;
  size_t n;
  size_t cap;
};

static int find_segments(int fd, uint64_t size, struct segments *s) {
  uint64_t start = 0, end = 0;
  for (uint64_t pos = 0; pos < size; pos = end) {
    int rc = next_data(fd, pos, size, &start, &end);
    if (rc != 0) return rc;
    if (start == size) break;
    if (s->n == s->cap) {
      size_t cap = s->cap ? 2 * s->cap : 4;
      struct mk__copy_segment *v = realloc(s->v, cap * sizeof *v);
      if (v == NULL) return -ENOMEM;
      s->v = v;
      s->cap = cap;
    }
    s->v[s->n].start = start;
    s->v[s->n].end = end;
    s->n++;
  }
  return 0;
}

/* Reserve the space of every data segment, so a full disk fails here,
 * before anything is written; holes stay unallocated. Allocating never
 * changes what a file reads as, but may extend its size. */
static int reserve_segments(int out_fd, const struct segments *s) {
  for (size_t i = 0; i < s->n; i++) {
    int rc = mk__copy_reserve(out_fd, s->v[i].start, s->v[i].end - s->v[i].start);
    if (rc != 0) return rc;
  }
  return 0;
}

/* [off, off + len) of fd reads as zeros afterwards: punched out where it has
 * data; written with zeros where the file system cannot punch holes. */
static int zero_range(int fd, uint64_t off, uint64_t len) {
  static const char kZeros[64 << 10];
  off_t data = lseek(fd, (off_t)off, SEEK_DATA);
  if ((data < 0 && errno == ENXIO) || (data >= 0 && (uint64_t)data >= off + len)) return 0;
  if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len) == 0) {
    return 0;
  }
  if (errno != EOPNOTSUPP && errno != ENOSYS) return -errno;
  while (len > 0) {
    size_t n = len < sizeof kZeros ? (size_t)len : sizeof kZeros;
    int rc = mk__write_full(fd, kZeros, n, (off_t)off);
    if (rc != 0) return rc;
    off += n;
    len -= n;
  }
  return 0;
}

/* The old bytes of out_fd in [0, limit) where the source has holes
 * (between its data segments): zeroed, so that writing only the data
 * segments gives the source. */
static int clear_holes(int out_fd, const struct segments *s, uint64_t limit) {
  uint64_t pos = 0;
  for (size_t i = 0; i <= s->n && pos < limit; i++) {
    uint64_t hole_end = i < s->n ? s->v[i].start : limit;
    if (hole_end > limit) hole_end = limit;
    if (hole_end > pos) {
      int rc = zero_range(out_fd, pos, hole_end - pos);
      if (rc != 0) return rc;
    }
    if (i < s->n) pos = s->v[i].end;
  }
  return 0;
}

/* The mmap copy of a whole regular file of size bytes: data segments only. */
static int copy_mapped(const struct mk__copy_plan *plan, int in_fd, uint64_t size, int out_fd,
                       enum mk__copy_side *side) {
  struct stat out_st;
  *side = MK_COPY_SIDE_DEST;
  if (fstat(out_fd, &out_st) != 0) return -errno;
  const uint64_t old_size = (uint64_t)out_st.st_size;
  struct segments segs = {NULL, 0, 0};
  *side = MK_COPY_SIDE_SOURCE;
  int rc = find_segments(in_fd, size, &segs);
  if (rc == 0 && !(plan->flags & MK_COPY_NO_RESERVE)) {
    *side = MK_COPY_SIDE_DEST;
    rc = reserve_segments(out_fd, &segs);
    if (rc != 0) {
      /* Nothing was written: an existing file is left as it was, size included. */
      struct stat now;
      if (fstat(out_fd, &now) == 0 && (uint64_t)now.st_size > old_size &&
          ftruncate(out_fd, (off_t)old_size) != 0) {
        /* Best effort: the reservation's error is the one to report. */
      }
    }
  }
  if (rc == 0) {
    *side = MK_COPY_SIDE_DEST;
    if (ftruncate(out_fd, (off_t)size) != 0) rc = -errno;
  }
  if (rc == 0) {
    struct mk__copy_job job = {plan, in_fd, out_fd, 0, 0, size, MK_COPY_SIDE_NONE, 0};
    rc = mk__copy_windows(&job, segs.v, segs.n);
    *side = job.failed;
  }
  if (rc == 0) {
    /* A source that shrank before its data was scanned shows no data where
     * it had some: without this check the copy would be silently short. */
    struct stat now;
    *side = MK_COPY_SIDE_SOURCE;
    if (fstat(in_fd, &now) != 0) {
      rc = -errno;
    } else if ((uint64_t)now.st_size < size) {
      rc = -ENODATA;
    }
  }
  if (rc == 0) {
    /* Last: on ext4 a write fault into a file with unwritten-back data can
     * allocate again a range punched before it. */
    *side = MK_COPY_SIDE_DEST;
    rc = clear_holes(out_fd, &segs, size < old_size ? size : old_size);
  }
  if (rc == 0) *side = MK_COPY_SIDE_NONE;
  free(segs.v);
  return rc;
}

int mk__copy_whole(const struct mk__copy_plan *plan, int in_fd, const struct stat *in_st,
                   int out_fd, uint64_t *copied, enum mk__copy_side *side) {
  *copied = 0;
  if (size_untrusted(in_fd, in_st)) {
    /* No size to reserve or map: the destination starts empty, then grows. */
    *side = MK_COPY_SIDE_DEST;
    if (ftruncate(out_fd, 0) != 0) return -errno;
    return mk__copy_stream(plan, in_fd, out_fd, copied, side);
  }
  *copied = (uint64_t)in_st->st_size;
  return copy_mapped(plan, in_fd, (uint64_t)in_st->st_size, out_fd, side);
}
