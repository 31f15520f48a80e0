/* fuzz/common/io_faults.c - the link-time wrappers of io_faults.h.
 *
 * Each __wrap_NAME replaces NAME for every object of the program (the library's and the
 * harness's alike) and reaches libc's through __real_NAME. Unarmed, or on anything but a
 * regular file, it is the real call and nothing else. */
#define _GNU_SOURCE
#include "fuzz/common/io_faults.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

/* Each wrapped call: libc's (__real_NAME, bound by the linker) and ours (__wrap_NAME). */
#define WRAPPED(ret, name, params) \
  ret __real_##name params;        \
  ret __wrap_##name params;
WRAPPED(ssize_t, read, (int fd, void *buf, size_t n))
WRAPPED(ssize_t, write, (int fd, const void *buf, size_t n))
WRAPPED(ssize_t, pread, (int fd, void *buf, size_t n, off_t off))
WRAPPED(ssize_t, pwrite, (int fd, const void *buf, size_t n, off_t off))
WRAPPED(ssize_t, pread64, (int fd, void *buf, size_t n, off64_t off))
WRAPPED(ssize_t, pwrite64, (int fd, const void *buf, size_t n, off64_t off))
WRAPPED(int, ftruncate, (int fd, off_t len))
WRAPPED(int, ftruncate64, (int fd, off64_t len))
WRAPPED(int, fallocate, (int fd, int mode, off_t off, off_t len))
WRAPPED(int, fallocate64, (int fd, int mode, off64_t off, off64_t len))
WRAPPED(void *, mmap, (void *addr, size_t len, int prot, int flags, int fd, off_t off))
WRAPPED(void *, mmap64, (void *addr, size_t len, int prot, int flags, int fd, off64_t off))
WRAPPED(int, fsync, (int fd))
WRAPPED(int, close, (int fd))
WRAPPED(int, rename, (const char *from, const char *to))
WRAPPED(int, fstatfs, (int fd, struct statfs *buf))
WRAPPED(int, fstatfs64, (int fd, struct statfs64 *buf))
#undef WRAPPED

static int armed;
static struct fz_io_plan plan;
static dev_t source_dev;
static ino_t source_ino;
static struct fz_io_record rec;
static int fallocate_interrupted; /* fallocate_mode 2 did its one EINTR */

enum side { OTHER, SOURCE, DEST };

static enum side side_of(int fd) {
  struct stat st;
  if (!armed || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return OTHER;
  return st.st_dev == source_dev && st.st_ino == source_ino ? SOURCE : DEST;
}

/* Fails the call for good with err: -1 and errno, and the record says so. */
static int hard_error(int err, enum side side, const char *call) {
  if (rec.hard_errno == 0) {
    rec.hard_errno = err;
    rec.hard_on_source = side == SOURCE;
    rec.hard_call = call;
  }
  errno = err;
  return -1;
}

/* The scheduled fate of call number i: 0 whole, 1 short, 2 EINTR. */
static int scheduled(uint32_t schedule, int i) {
  int fate = i < 16 ? (int)(schedule >> (2 * i) & 3) : 0;
  return fate == 3 ? 0 : fate;
}

static size_t short_count(size_t n) {
  return 1 + (size_t)((uint64_t)(n - 1) * plan.short_part / 256);
}

/* A write of *n bytes at pos to the destination: -1 (errno set) to fail it, else 0 with *n
 * possibly made smaller. */
static int write_fate(size_t *n, uint64_t pos, const char *call) {
  int fate = scheduled(plan.write_schedule, rec.writes++);
  if (*n > 0 && fate == 2) {
    rec.interrupted++;
    errno = EINTR;
    return -1;
  }
  size_t want = *n;
  if (*n > 1 && fate == 1) *n = short_count(*n);
  if (plan.limit_errno && *n > 0) {
    if (pos >= plan.limit) return hard_error(plan.limit_errno, DEST, call);
    if (pos + *n > plan.limit) *n = (size_t)(plan.limit - pos);
  }
  if (*n < want) rec.short_writes++;
  return 0;
}

/* A read of *n bytes at pos from the source: like write_fate. */
static int read_fate(size_t *n, uint64_t pos, const char *call) {
  int i = rec.reads++;
  if (plan.hard == FZ_IO_HARD_READ_EIO && i == plan.hard_at) return hard_error(EIO, SOURCE, call);
  int fate = scheduled(plan.read_schedule, i);
  if (*n > 0 && fate == 2) {
    rec.interrupted++;
    errno = EINTR;
    return -1;
  }
  if (*n > 1 && fate == 1) {
    *n = short_count(*n);
    if (rec.short_reads++ == 0) rec.first_short_read_offset = pos + *n;
  }
  return 0;
}

static uint64_t position(int fd) {
  off_t pos = lseek(fd, 0, SEEK_CUR);
  return pos < 0 ? 0 : (uint64_t)pos;
}

ssize_t __wrap_read(int fd, void *buf, size_t n) {
  if (side_of(fd) == SOURCE && read_fate(&n, position(fd), "read") != 0) return -1;
  return __real_read(fd, buf, n);
}

ssize_t __wrap_write(int fd, const void *buf, size_t n) {
  if (side_of(fd) == DEST && write_fate(&n, position(fd), "write") != 0) return -1;
  return __real_write(fd, buf, n);
}

ssize_t __wrap_pread(int fd, void *buf, size_t n, off_t off) {
  if (side_of(fd) == SOURCE && read_fate(&n, (uint64_t)off, "pread") != 0) return -1;
  return __real_pread(fd, buf, n, off);
}

ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off) {
  if (side_of(fd) == DEST && write_fate(&n, (uint64_t)off, "pwrite") != 0) return -1;
  return __real_pwrite(fd, buf, n, off);
}

ssize_t __wrap_pread64(int fd, void *buf, size_t n, off64_t off) {
  if (side_of(fd) == SOURCE && read_fate(&n, (uint64_t)off, "pread64") != 0) return -1;
  return __real_pread64(fd, buf, n, off);
}

ssize_t __wrap_pwrite64(int fd, const void *buf, size_t n, off64_t off) {
  if (side_of(fd) == DEST && write_fate(&n, (uint64_t)off, "pwrite64") != 0) return -1;
  return __real_pwrite64(fd, buf, n, off);
}

/* Would making fd end at `end` grow it past the EFBIG limit? (RLIMIT_FSIZE checks growth
 * only: shrinking a file that is already past the limit is fine.) */
static int grows_past_limit(int fd, uint64_t end) {
  struct stat st;
  return plan.limit_errno == EFBIG && end > plan.limit && fstat(fd, &st) == 0 &&
         end > (uint64_t)st.st_size;
}

/* A sparse file takes no space: only the EFBIG limit applies. */
static int truncate_fate(int fd, uint64_t len, const char *call) {
  if (side_of(fd) == DEST && grows_past_limit(fd, len)) return hard_error(EFBIG, DEST, call);
  return 0;
}

int __wrap_ftruncate(int fd, off_t len) {
  if (truncate_fate(fd, (uint64_t)len, "ftruncate") != 0) return -1;
  return __real_ftruncate(fd, len);
}

int __wrap_ftruncate64(int fd, off64_t len) {
  if (truncate_fate(fd, (uint64_t)len, "ftruncate64") != 0) return -1;
  return __real_ftruncate64(fd, len);
}

static int fallocate_fate(int fd, uint64_t off, uint64_t len, const char *call) {
  if (side_of(fd) != DEST) return 0;
  if (plan.fallocate_mode == 1) {
    rec.fallocate_refused++;
    errno = EOPNOTSUPP;
    return -1;
  }
  if (plan.fallocate_mode == 2 && !fallocate_interrupted) {
    fallocate_interrupted = 1;
    rec.interrupted++;
    errno = EINTR;
    return -1;
  }
  if (plan.limit_errno == ENOSPC && off + len > plan.limit) return hard_error(ENOSPC, DEST, call);
  if (grows_past_limit(fd, off + len)) return hard_error(EFBIG, DEST, call);
  return 0;
}

int __wrap_fallocate(int fd, int mode, off_t off, off_t len) {
  if (fallocate_fate(fd, (uint64_t)off, (uint64_t)len, "fallocate") != 0) return -1;
  return __real_fallocate(fd, mode, off, len);
}

int __wrap_fallocate64(int fd, int mode, off64_t off, off64_t len) {
  if (fallocate_fate(fd, (uint64_t)off, (uint64_t)len, "fallocate64") != 0) return -1;
  return __real_fallocate64(fd, mode, off, len);
}

static int mmap_fate(int fd, const char *call) {
  enum side side = side_of(fd);
  if (side == OTHER) return 0;
  if (rec.mmaps++ == plan.hard_at && plan.hard == FZ_IO_HARD_MMAP_ENOMEM) {
    return hard_error(ENOMEM, side, call);
  }
  return 0;
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mmap_fate(fd, "mmap") != 0) return MAP_FAILED;
  return __real_mmap(addr, len, prot, flags, fd, off);
}

void *__wrap_mmap64(void *addr, size_t len, int prot, int flags, int fd, off64_t off) {
  if (mmap_fate(fd, "mmap64") != 0) return MAP_FAILED;
  return __real_mmap64(addr, len, prot, flags, fd, off);
}

int __wrap_fsync(int fd) {
  if (plan.hard == FZ_IO_HARD_FSYNC_EIO && side_of(fd) == DEST) {
    return hard_error(EIO, DEST, "fsync");
  }
  return __real_fsync(fd);
}

int __wrap_close(int fd) {
  /* Like NFS reporting a failed write-back: the descriptor is closed all the same. */
  int fail = plan.hard == FZ_IO_HARD_CLOSE_EIO && rec.hard_errno == 0 && side_of(fd) == DEST;
  int rc = __real_close(fd);
  return fail ? hard_error(EIO, DEST, "close") : rc;
}

int __wrap_rename(const char *from, const char *to) {
  if (armed && plan.hard == FZ_IO_HARD_RENAME_EIO) return hard_error(EIO, DEST, "rename");
  return __real_rename(from, to);
}

int __wrap_fstatfs(int fd, struct statfs *buf) {
  int rc = __real_fstatfs(fd, buf);
  if (rc == 0 && plan.fake_procfs && side_of(fd) == SOURCE) buf->f_type = PROC_SUPER_MAGIC;
  return rc;
}

int __wrap_fstatfs64(int fd, struct statfs64 *buf) {
  int rc = __real_fstatfs64(fd, buf);
  if (rc == 0 && plan.fake_procfs && side_of(fd) == SOURCE) buf->f_type = PROC_SUPER_MAGIC;
  return rc;
}

void fz_io_plan_decode(struct fz_input *in, struct fz_io_plan *p, uint64_t page, uint64_t unit,
                       uint64_t limit_max, int fake_procfs_ok) {
  memset(p, 0, sizeof *p);
  p->hard_at = -1;
  uint8_t f = fz_u8(in);
  if (f & 1) p->write_schedule = fz_u32(in);
  if (f & 2) p->read_schedule = fz_u32(in);
  if (f & 3) p->short_part = fz_u8(in);
  static const int limits[4] = {0, ENOSPC, EFBIG, 0};
  p->limit_errno = limits[f >> 2 & 3];
  if (p->limit_errno) p->limit = fz_biased(in, page, unit, limit_max);
  if (f & 0x10) p->fallocate_mode = 1 + fz_u8(in) % 2;
  if (f & 0x20) {
    uint8_t h = fz_u8(in);
    p->hard = (enum fz_io_hard)(h % FZ_IO_HARD_COUNT);
    p->hard_at = h / FZ_IO_HARD_COUNT % 8;
  }
  p->fake_procfs = fake_procfs_ok && (f & 0x40);
}

void fz_io_plan_describe(const struct fz_io_plan *p) {
  static const char *const hard[FZ_IO_HARD_COUNT] = {
      "none",           "EIO from read #k", "ENOMEM from mmap #k",
      "EIO from fsync", "EIO from close",   "EIO from rename"};
  fprintf(stderr,
          "  I/O faults: writes 0x%08x reads 0x%08x (2 bits a call: 1 short, 2 EINTR; short part "
          "%u/256), limit %s at %llu, fallocate %s, hard error %s (k=%d)%s; record: %d writes "
          "(%d short), %d reads (%d short), %d EINTR, %d mmaps, first hard error %s from %s\n",
          p->write_schedule, p->read_schedule, p->short_part,
          p->limit_errno == ENOSPC  ? "ENOSPC"
          : p->limit_errno == EFBIG ? "EFBIG"
                                    : "none",
          (unsigned long long)p->limit,
          p->fallocate_mode == 1   ? "EOPNOTSUPP"
          : p->fallocate_mode == 2 ? "EINTR once"
                                   : "real",
          hard[p->hard], p->hard_at, p->fake_procfs ? ", source on \"procfs\"" : "", rec.writes,
          rec.short_writes, rec.reads, rec.short_reads, rec.interrupted, rec.mmaps,
          rec.hard_errno ? strerrorname_np(rec.hard_errno) : "none",
          rec.hard_call ? rec.hard_call : "-");
}

void fz_io_arm(const struct fz_io_plan *p, int source_fd) {
  struct stat st;
  plan = *p;
  memset(&rec, 0, sizeof rec);
  fallocate_interrupted = 0;
  source_dev = 0;
  source_ino = 0;
  if (source_fd >= 0 && fstat(source_fd, &st) == 0) {
    source_dev = st.st_dev;
    source_ino = st.st_ino;
  }
  armed = 1;
}

void fz_io_disarm(void) {
  armed = 0;
  memset(&plan, 0, sizeof plan);
}

const struct fz_io_record *fz_io_record(void) {
  return &rec;
}
