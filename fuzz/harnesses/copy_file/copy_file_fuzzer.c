/* fuzz/harnesses/copy_file/copy_file_fuzzer.c - mk_copy_file of fuzzed content (also sparse)
 * with a fuzzed window, into new, existing, linked and invalid destinations.
 *
 * Checks, for every input: on success the destination holds exactly the source's bytes and
 * size, has the source's permission bits minus the umask when new and keeps its own mode when
 * replaced, is no less sparse than the source, the report's copied is the size, and a
 * symbolic link stays a link and its target is replaced; a destination with another hard link
 * is refused (EMLINK: the other link would keep the old content); a request the contract
 * (mmapkit/copy.h) rejects returns one of the documented errnos that apply, and
 * mk_copy_file_report names the step that failed (the source's stat or open, the
 * destination's stat, the same-file check, creating the temporary file, keeping the old
 * destination whole, reading, writing, renaming); on any error the destination is exactly as
 * before; the source is never modified; and in every case the directory holds no file but the
 * ones the harness made (no temporary file left behind). Under I/O faults
 * (fuzz/common/io_faults.h) short and interrupted calls change nothing, and the first hard
 * error injected is the copy's error, at the step of the file it hit. With the source made to
 * look like a procfs file, the read()/write() fallback copies its real, fuzzed content
 * (through short reads too): all of it, or - if the callback cut the source meanwhile - a
 * prefix at least as long as the cut.
 *
 * Files live in a per-process directory (fuzz/common/scratch_dir.h), emptied after every
 * input.
 *
 * Input encoding (bytes; every reader yields 0 once the input runs out, so a short input is a
 * plain copy to a new file with default options):
 *   window   >= 0xf0 -> a page multiple + 1 (invalid); else b % 6: 0 default, 1-4 pages,
 *            5 -> 1 + b / 6 % 16 pages
 *   size     fz_biased(page, window) <= 6 pages: 0, tiny, page +/- 1, window +/- 1, ...
 *   holes    bit 0 clear: no holes; set: page i of the source is left a hole when bit
 *            (1 + i % 7) is set (the last, partial page always has data)
 *   mode     source permission bits: b % 8 picks 0644 0600 0755 0400 0777 0640 0711,
 *            or (b << 1) & 0777
 *   dst      b < 0x80: a new file; else (b - 0x80) % DST_CASE_COUNT (enum dst_case)
 *   src      b < 0xe0: the source file; else (b - 0xe0) % SRC_CASE_COUNT (enum src_case)
 *   old size the existing destination's size (biased), when there is one
 *   flags    < 0xf0 -> b & FUZZED_FLAGS; otherwise an unknown bit (30 or 31)
 *   strategy fz_strategy(b)
 *   progress b % 4: 0 no callback, 1 it watches, 2 it cancels at call b / 4 % 8, 3 it shrinks
 *            the source at call b / 4 % 8 to a biased size <= the size (one more value), or
 *            with bit 5 set, to size - 1 - (one more value) % min(size, page): inside the
 *            last page, where the bytes past the new end read as zeros instead of faulting
 *   faults   an I/O fault plan (fuzz/common/io_faults.h; 0: none)
 *   The rest: bytes laid over the start of the source (otherwise pseudo-random). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fuzz/common/check.h"
#include "fuzz/common/fuzz_input.h"
#include "fuzz/common/io_faults.h"
#include "fuzz/common/scratch_dir.h"
#include "mmapkit/copy.h"
#include "mmapkit/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_PAGES = 6 };
/* The flags drawn: all but MK_COPY_IN_PLACE and MK_COPY_PRESERVE, whose
 * outcomes this harness does not model. */
#define FUZZED_FLAGS (MK_COPY_ALL_FLAGS & ~(MK_COPY_IN_PLACE | MK_COPY_PRESERVE))

// clang-format off
/* What stands at the destination path before the copy, and what the source path names. */
enum dst_case {
  DST_NEW, DST_EXISTING, DST_HARDLINKED, DST_SYMLINK, DST_DANGLING, DST_DIRECTORY, DST_FIFO,
  DST_DEVICE, DST_NO_PARENT, DST_SAME_PATH, DST_SAME_HARDLINK, DST_SAME_SYMLINK, DST_CASE_COUNT
};
enum src_case { SRC_FILE, SRC_MISSING, SRC_DIRECTORY, SRC_FIFO, SRC_DEVICE, SRC_DANGLING, SRC_CASE_COUNT };
/* Each case's description, the error copy.h documents for it (0: none) and the step
 * mk_copy_file_report must name for that error. */
static const struct {
  const char *name;
  int err;
  enum mk_copy_step step;
} dst_cases[DST_CASE_COUNT] = {
    [DST_NEW] = {"new file", 0, 0},
    [DST_EXISTING] = {"existing file (replaced)", 0, 0},
    [DST_HARDLINKED] = {"existing file with a second hard link 'other' (refused)", EMLINK, MK_COPY_STEP_KEEP_DEST},
    [DST_SYMLINK] = {"symlink to 'other' (other is replaced, the link stays)", 0, 0},
    [DST_DANGLING] = {"dangling symlink", ENOENT, MK_COPY_STEP_STAT_DEST},
    [DST_DIRECTORY] = {"directory", EISDIR, MK_COPY_STEP_STAT_DEST},
    [DST_FIFO] = {"FIFO", ESPIPE, MK_COPY_STEP_STAT_DEST},
    [DST_DEVICE] = {"character device", EINVAL, MK_COPY_STEP_STAT_DEST},
    [DST_NO_PARENT] = {"in a missing directory", ENOENT, MK_COPY_STEP_CREATE_DEST},
    [DST_SAME_PATH] = {"src's own path", EINVAL, MK_COPY_STEP_SAME_FILE},
    [DST_SAME_HARDLINK] = {"hard link to src", EINVAL, MK_COPY_STEP_SAME_FILE},
    [DST_SAME_SYMLINK] = {"symlink to src", EINVAL, MK_COPY_STEP_SAME_FILE},
}, src_cases[SRC_CASE_COUNT] = {
    [SRC_FILE] = {"file", 0, 0},
    [SRC_MISSING] = {"missing", ENOENT, MK_COPY_STEP_STAT_SOURCE},
    [SRC_DIRECTORY] = {"directory", EISDIR, MK_COPY_STEP_OPEN_SOURCE},
    [SRC_FIFO] = {"FIFO", ESPIPE, MK_COPY_STEP_OPEN_SOURCE},
    [SRC_DEVICE] = {"/dev/null", EINVAL, MK_COPY_STEP_OPEN_SOURCE},
    [SRC_DANGLING] = {"dangling symlink", ENOENT, MK_COPY_STEP_STAT_SOURCE},
};
static const char *const step_names[] = {
    [MK_COPY_STEP_NONE] = "NONE",               [MK_COPY_STEP_STAT_SOURCE] = "STAT_SOURCE",
    [MK_COPY_STEP_OPEN_SOURCE] = "OPEN_SOURCE", [MK_COPY_STEP_STAT_DEST] = "STAT_DEST",
    [MK_COPY_STEP_SAME_FILE] = "SAME_FILE",     [MK_COPY_STEP_CREATE_DEST] = "CREATE_DEST",
    [MK_COPY_STEP_KEEP_DEST] = "KEEP_DEST",     [MK_COPY_STEP_KEEP_ATTRS] = "KEEP_ATTRS",
    [MK_COPY_STEP_READ_SOURCE] = "READ_SOURCE", [MK_COPY_STEP_WRITE_DEST] = "WRITE_DEST",
    [MK_COPY_STEP_RENAME_DEST] = "RENAME_DEST"};
// clang-format on

/* Set once per process. */
static size_t page;
static char dir[512]; /* the per-process directory */
static char p_src[600], p_dst[600], p_other[600], p_fifo[600], p_sub[600], p_dev[600],
    p_noparent[600], p_dangling[600];
static int have_device;    /* mknod worked (root on a filesystem allowing it) */
static DIR *dir_stream;    /* dir, kept open: rewinddir is cheaper than opendir */
static unsigned last_mode; /* src's mode now (fchmod only when it changes) */
static int is_root;
static mode_t umask_now; /* the process's umask, applied to a new destination */
static int src_fd = -1;  /* "src", kept open and rewritten every time */
static uint8_t *noise, *src_data, *old_data, *got;

/* The current case. */
static struct {
  struct mk_copy_options opt;
  uint64_t size, old_size;
  unsigned holes, mode;
  int dst, src, calls;
  int cancel_at, cancelled;       /* the callback cancels at call cancel_at */
  int truncate_at, truncated;     /* it shrinks the source at call truncate_at, mid-copy? */
  int cut;                        /* it did shrink the source (mid-copy or not) */
  uint64_t truncate_to, size_now; /* the source's size after that (else size) */
  uint64_t last_done;
  struct fz_io_plan io;
} c;

static void describe(void) {
  fprintf(stderr,
          "  case: mk_copy_file of %llu bytes (holes 0x%x, mode 0%o), source %s, destination %s "
          "(old size %llu); window=%zu flags=0x%x strategy=%d; cancel at call %d, shrink the "
          "source to %llu at call %d; callback calls %d; directory %s; page %zu\n",
          (unsigned long long)c.size, c.holes, c.mode, src_cases[c.src].name, dst_cases[c.dst].name,
          (unsigned long long)c.old_size, c.opt.window, c.opt.flags, (int)c.opt.strategy,
          c.cancel_at, (unsigned long long)c.truncate_to, c.truncate_at, c.calls, dir, page);
  fz_io_plan_describe(&c.io);
}

static int is_hole(uint64_t pg) {
  return (c.holes & 1) && (c.holes >> (1 + pg % 7) & 1) && (pg + 1) * page <= c.size;
}

/* The read()/write() fallback: a source of size 0, or one made to look like procfs. */
static int streamed(void) {
  return c.size == 0 || c.io.fake_procfs;
}

static int on_progress(void *arg, uint64_t done, uint64_t total) {
  (void)arg;
  /* The fallback does not know the total (0) until its last call, made with what it copied. */
  if (total != c.size && total != 0 && !(streamed() && total == done))
    fz_fail(
        "progress: total %llu, want the size %llu (or 0, or for the read fallback the "
        "bytes copied)",
        (unsigned long long)total, (unsigned long long)c.size);
  if (done > c.size)
    fz_fail("progress: done %llu past the size %llu", (unsigned long long)done,
            (unsigned long long)c.size);
  if (c.calls > 0 && done < c.last_done)
    fz_fail("progress: done went back from %llu to %llu", (unsigned long long)c.last_done,
            (unsigned long long)done);
  c.last_done = done;
  int call = c.calls++;
  if (call == c.cancel_at) {
    c.cancelled = 1;
    return 1;
  }
  if (call == c.truncate_at) {
    FZ_SYS(ftruncate(src_fd, (off_t)c.truncate_to));
    c.size_now = c.truncate_to;
    c.cut = 1;
    /* After the last window it is too late; the read fallback (total 0) cannot tell. */
    c.truncated = done < total && c.truncate_to < c.size;
  }
  return 0;
}

/* Writes a regular file at path (created or truncated) with n bytes of data. */
static void make_file(const char *path, const uint8_t *data, size_t n, mode_t mode) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0 || pwrite(fd, data, n, 0) != (ssize_t)n || close(fd) != 0)
    fz_fail("setup: writing %s: %s", path, strerror(errno));
}

/* *size = the file's size, and its bytes in got. Returns 0, or -errno if it cannot be opened. */
static int read_path(const char *path, struct stat *st) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  FZ_SYS(fstat(fd, st));
  if ((uint64_t)st->st_size > (MAX_PAGES + 1) * page)
    fz_fail("%s is %lld bytes: too big", path, (long long)st->st_size);
  ssize_t n = pread(fd, got, (size_t)st->st_size + 1, 0);
  close(fd);
  if (n != st->st_size)
    fz_fail("pread of %s returned %zd, want %lld", path, n, (long long)st->st_size);
  return 0;
}

static void expect_file(const char *what, const char *path, const uint8_t *want, uint64_t size,
                        struct stat *out) {
  struct stat st;
  int rc = read_path(path, &st);
  if (out) *out = st;
  char name[32];
  if (rc != 0) fz_fail("%s (%s) cannot be opened: %s", what, path, fz_err_name(rc, name));
  if ((uint64_t)st.st_size != size)
    fz_fail("%s is %lld bytes, want %llu", what, (long long)st.st_size, (unsigned long long)size);
  fz_expect_bytes(what, got, want, size, 0);
}

static void expect_missing(const char *what, const char *path) {
  struct stat st;
  if (lstat(path, &st) == 0 || errno != ENOENT)
    fz_fail("%s (%s) exists, but it should not", what, path);
}

static void expect_symlink(const char *path, const char *target) {
  char buf[600];
  ssize_t n = readlink(path, buf, sizeof buf - 1);
  if (n < 0) fz_fail("%s is no longer a symbolic link: %s", path, strerror(errno));
  buf[n] = '\0';
  if (strcmp(buf, target) != 0)
    fz_fail("symbolic link %s now points to %s, not %s", path, buf, target);
}

/* The directory holds exactly the names the harness made (a temporary file is a leak). */
static void expect_no_leftovers(int dst_exists, int other_exists) {
  DIR *d = dir_stream;
  rewinddir(d);
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    const char *n = e->d_name;
    if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, "src") || !strcmp(n, "fifo") ||
        !strcmp(n, "sub") || !strcmp(n, "dev") || !strcmp(n, "dangling"))
      continue;
    if (!strcmp(n, "dst") && dst_exists) continue;
    if (!strcmp(n, "other") && other_exists) continue;
    fz_fail("file '%s' left behind in %s", n, dir);
  }
}

static void setup_source(void) {
  if (c.mode != last_mode) FZ_SYS(fchmod(src_fd, c.mode));
  last_mode = c.mode;
  if (!(c.holes & 1)) { /* the common case, in two calls */
    memcpy(src_data, noise, c.size);
    FZ_SYS(ftruncate(src_fd, (off_t)c.size));
    if (pwrite(src_fd, src_data, c.size, 0) != (ssize_t)c.size) fz_fail("setup: pwrite source");
    return;
  }
  FZ_SYS(ftruncate(src_fd, 0)); /* drops every page: the holes start out as holes */
  FZ_SYS(ftruncate(src_fd, (off_t)c.size));
  memset(src_data, 0, c.size);
  for (uint64_t off = 0; off < c.size; off += page) {
    if (is_hole(off / page)) continue;
    size_t n = c.size - off < page ? c.size - off : page;
    memcpy(src_data + off, noise + off, n);
    if (pwrite(src_fd, src_data + off, n, (off_t)off) != (ssize_t)n)
      fz_fail("setup: pwrite source");
  }
}

/* Puts what the case wants at the destination path; returns the path to pass. */
static const char *setup_destination(void) {
  memcpy(old_data, noise + page / 2, c.old_size); /* differs from the source's bytes */
  switch (c.dst) {
    case DST_EXISTING:
      make_file(p_dst, old_data, c.old_size, 0600);
      break;
    case DST_HARDLINKED:
      make_file(p_dst, old_data, c.old_size, 0600);
      FZ_SYS(link(p_dst, p_other));
      break;
    case DST_SYMLINK:
      make_file(p_other, old_data, c.old_size, 0600);
      FZ_SYS(symlink("other", p_dst));
      break;
    case DST_DANGLING:
      FZ_SYS(symlink("nowhere", p_dst));
      break;
    case DST_DIRECTORY:
      return p_sub;
    case DST_FIFO:
      return p_fifo;
    case DST_DEVICE:
      return p_dev;
    case DST_NO_PARENT:
      return p_noparent;
    case DST_SAME_PATH:
      return p_src;
    case DST_SAME_HARDLINK:
      FZ_SYS(link(p_src, p_dst));
      break;
    case DST_SAME_SYMLINK:
      FZ_SYS(symlink("src", p_dst));
      break;
    default:
      break;
  }
  return p_dst;
}

static const char *source_path(void) {
  switch (c.src) {
    case SRC_MISSING:
      return p_noparent;
    case SRC_DIRECTORY:
      return p_sub;
    case SRC_FIFO:
      return p_fifo;
    case SRC_DEVICE:
      return "/dev/null";
    case SRC_DANGLING:
      return p_dangling;
    default:
      return p_src;
  }
}

/* *invalid = does copy.h reject the request? Returns whether (rc, step) is an error that
 * applies, reported at its step. */
static int expected_error(long rc, enum mk_copy_step step, int *invalid) {
  int ok = 0;
  *invalid = 0;
#define APPLIES(cond, err, at)          \
  if (cond) {                           \
    *invalid = 1;                       \
    ok |= rc == -(err) && step == (at); \
  }
  APPLIES(c.opt.window % page != 0, EINVAL, MK_COPY_STEP_NONE);
  APPLIES(c.opt.flags & ~MK_COPY_ALL_FLAGS, EINVAL, MK_COPY_STEP_NONE);
  APPLIES((unsigned)c.opt.strategy > MK_COPY_MAP_DST_READ, EINVAL, MK_COPY_STEP_NONE);
  APPLIES(src_cases[c.src].err != 0, src_cases[c.src].err, src_cases[c.src].step);
  /* Same-file cases are only the same file when the source is the file. */
  int same = c.dst >= DST_SAME_PATH;
  APPLIES(dst_cases[c.dst].err != 0 && (!same || c.src == SRC_FILE), dst_cases[c.dst].err,
          dst_cases[c.dst].step);
#undef APPLIES
  return ok;
}

/* The step at which an injected error must be reported. */
static enum mk_copy_step injected_step(const struct fz_io_record *r) {
  if (r->hard_on_source) return MK_COPY_STEP_READ_SOURCE;
  if (r->hard_call && strcmp(r->hard_call, "rename") == 0) return MK_COPY_STEP_RENAME_DEST;
  return MK_COPY_STEP_WRITE_DEST;
}

/* Through the open descriptor: the same file as p_src unless something replaced it. */
static void check_source(struct stat *st) {
  FZ_SYS(fstat(src_fd, st));
  if ((st->st_mode & 0777) != c.mode)
    fz_fail("source mode changed to 0%o from 0%o", st->st_mode & 0777, c.mode);
  if ((uint64_t)st->st_size != c.size_now)
    fz_fail("source size changed to %lld from %llu", (long long)st->st_size,
            (unsigned long long)c.size_now);
  ssize_t n = pread(src_fd, got, c.size_now + 1, 0);
  if (n != (ssize_t)c.size_now)
    fz_fail("pread of the source returned %zd, want %llu", n, (unsigned long long)c.size_now);
  fz_expect_bytes("source (never modified)", got, src_data, c.size_now, 0);
  struct stat by_path;
  if (c.dst >= DST_SAME_PATH && (stat(p_src, &by_path) != 0 || by_path.st_ino != st->st_ino))
    fz_fail("the source path %s no longer names the source file", p_src);
}

/* The destination path is exactly as before the call. */
static void check_destination_unchanged(void) {
  switch (c.dst) {
    case DST_NEW:
      expect_missing("destination after a failed copy", p_dst);
      break;
    case DST_EXISTING:
      expect_file("destination after a failed copy", p_dst, old_data, c.old_size, NULL);
      break;
    case DST_HARDLINKED:
    case DST_SYMLINK:
      if (c.dst == DST_SYMLINK) expect_symlink(p_dst, "other");
      expect_file("destination after a failed copy", p_dst, old_data, c.old_size, NULL);
      expect_file("other name of the destination after a failed copy", p_other, old_data,
                  c.old_size, NULL);
      break;
    case DST_DANGLING:
      expect_symlink(p_dst, "nowhere");
      break;
    case DST_SAME_HARDLINK:
    case DST_SAME_SYMLINK:
      if (c.dst == DST_SAME_SYMLINK) expect_symlink(p_dst, "src");
      break;
    default:
      break;
  }
  int dst_exists = c.dst != DST_NEW && c.dst < DST_DIRECTORY;
  dst_exists |= c.dst == DST_SAME_HARDLINK || c.dst == DST_SAME_SYMLINK;
  expect_no_leftovers(dst_exists, c.dst == DST_HARDLINKED || c.dst == DST_SYMLINK);
}

/* A successful copy. The fallback reads to end of file, so if the callback cut the source it
 * copies a prefix at least as long as the cut; the mmap copy copies exactly the size. */
static void check_copy(uint64_t copied) {
  const char *target = c.dst == DST_SYMLINK ? p_other : p_dst;
  struct stat st, src_st;
  char name[32];
  int rc = read_path(target, &st);
  if (rc != 0) fz_fail("destination (%s) cannot be opened: %s", target, fz_err_name(rc, name));
  uint64_t len = (uint64_t)st.st_size;
  uint64_t least = streamed() && c.cut && c.truncate_to < c.size ? c.truncate_to : c.size;
  if (len < least || len > c.size)
    fz_fail("destination is %llu bytes, want %s%llu%s", (unsigned long long)len,
            least < c.size ? "between the cut " : "the size ",
            (unsigned long long)(least < c.size ? least : c.size),
            least < c.size ? " and the size" : "");
  if (least < c.size && len > least && len < c.size)
    fprintf(stderr, "  (a prefix: the source was cut while the fallback read it)\n");
  fz_expect_bytes("destination", got, src_data, len, 0);
  if (copied != len)
    fz_fail("the report's copied is %llu, want the destination's %llu bytes",
            (unsigned long long)copied, (unsigned long long)len);
  if (c.opt.progress && c.calls > 0 && c.last_done != len)
    fz_fail("progress: last call had done %llu, want %llu", (unsigned long long)c.last_done,
            (unsigned long long)len);
  check_source(&src_st);
  /* New: the source's bits minus the umask; replaced: its own (made 0600 minus the umask). */
  unsigned want_mode = (c.dst == DST_NEW ? c.mode : 0600) & ~umask_now;
  if ((st.st_mode & 07777) != want_mode)
    fz_fail("destination mode is 0%o, want 0%o (%s)", st.st_mode & 07777, want_mode,
            c.dst == DST_NEW ? "the source's minus the umask" : "the replaced file's own");
  /* (A source shrunk after the copy has fewer blocks now: nothing to compare with; the
   * fallback writes every byte, holes too.) */
  if (!streamed() && c.size_now == c.size && st.st_blocks > src_st.st_blocks)
    fz_fail("destination uses %lld blocks, the sparse source only %lld: holes were filled",
            (long long)st.st_blocks, (long long)src_st.st_blocks);
  if (c.dst == DST_SYMLINK) expect_symlink(p_dst, "other");
  expect_no_leftovers(1, c.dst == DST_SYMLINK);
}

static void decode(struct fz_input *in) {
  memset(&c, 0, sizeof c);
  uint8_t w = fz_u8(in);
  if (w >= 0xf0)
    c.opt.window = (1 + w % 4) * page + 1;
  else if (w % 6 == 5)
    c.opt.window = (1 + w / 6 % 16) * page;
  else
    c.opt.window = (size_t)(w % 6) * page;
  uint64_t unit = c.opt.window && c.opt.window <= MAX_PAGES * page ? c.opt.window : page;
  c.size = fz_biased(in, page, unit, MAX_PAGES * page);
  c.holes = fz_u8(in);
  static const unsigned modes[7] = {0644, 0600, 0755, 0400, 0777, 0640, 0711};
  uint8_t m = fz_u8(in);
  c.mode = m % 8 < 7 ? modes[m % 8] : (unsigned)(m << 1) & 0777;
  if (!is_root) c.mode |= 0400; /* only root reads a file without read permission */
  uint8_t d = fz_u8(in);
  c.dst = d < 0x80 ? DST_NEW : (d - 0x80) % DST_CASE_COUNT;
  if (c.dst == DST_DEVICE && !have_device) c.dst = DST_NEW;
  uint8_t s = fz_u8(in);
  c.src = s < 0xe0 ? SRC_FILE : (s - 0xe0) % SRC_CASE_COUNT;
  c.old_size = fz_biased(in, page, unit, MAX_PAGES * page);
  uint8_t fl = fz_u8(in);
  c.opt.flags = fl < 0xf0 ? fl & FUZZED_FLAGS : (fl & 1 ? 1u << 31 : 1u << 30);
  uint8_t st = fz_u8(in);
  c.opt.strategy = fz_strategy(st);
  uint8_t p = fz_u8(in);
  c.cancel_at = p % 4 == 2 ? p / 4 % 8 : -1;
  c.truncate_at = p % 4 == 3 ? p / 4 % 8 : -1;
  if (p % 4) c.opt.progress = on_progress;
  c.size_now = c.size;
  if (c.truncate_at >= 0 && (p & 0x20) && c.size > 0) {
    c.truncate_to = c.size - 1 - fz_u8(in) % (c.size < page ? c.size : page);
  } else if (c.truncate_at >= 0) {
    c.truncate_to = fz_biased(in, page, unit, c.size);
  }
  fz_io_plan_decode(in, &c.io, page, unit, MAX_PAGES * page, 1);
}

static void init_once(void) {
  if (src_fd >= 0) return;
  page = mk_page_size();
  snprintf(dir, sizeof dir, "%s", fz_scratch_dir_create("copy_file"));
#define PATH(var, name) snprintf(var, sizeof var, "%s/%s", dir, name)
  PATH(p_src, "src");
  PATH(p_dst, "dst");
  PATH(p_other, "other");
  PATH(p_fifo, "fifo");
  PATH(p_sub, "sub");
  PATH(p_dev, "dev");
  PATH(p_noparent, "missing/dst");
  PATH(p_dangling, "dangling");
#undef PATH
  FZ_SYS(mkfifo(p_fifo, 0600));
  FZ_SYS(mkdir(p_sub, 0700));
  FZ_SYS(symlink("nowhere", p_dangling));
  have_device = mknod(p_dev, S_IFCHR | 0600, makedev(1, 3)) == 0; /* like /dev/null */
  src_fd = open(p_src, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  last_mode = 0600;
  is_root = geteuid() == 0;
  umask_now = umask(0);
  umask(umask_now);
  dir_stream = opendir(dir);
  if (!dir_stream) fz_fail("setup: opendir %s: %s", dir, strerror(errno));
  size_t len = (MAX_PAGES + 2) * page;
  noise = malloc(len), src_data = malloc(len), old_data = malloc(len), got = malloc(len);
  if (src_fd < 0 || !noise || !src_data || !old_data || !got) fz_fail("setup: %s", strerror(errno));
  uint32_t x = 0x68e31da4; /* xorshift32: fixed, so runs are reproducible */
  for (size_t i = 0; i < len; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    noise[i] = (uint8_t)x;
  }
  fz_describe = describe;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  init_once();
  struct fz_input in = fz_make(data, size);
  decode(&in);
  struct fz_overlay overlay;
  fz_overlay_apply(&overlay, &in, noise, c.size);
  setup_source();
  fz_overlay_undo(&overlay);
  const char *dst = setup_destination();

  struct mk_copy_report report = {UINT64_MAX, (enum mk_copy_step) - 1};
  fz_io_arm(&c.io, src_fd);
  long rc = mk_copy_file_report(source_path(), dst, &c.opt, &report);
  fz_io_disarm();
  const struct fz_io_record *io = fz_io_record();

  char name[32];
  const char *step = (unsigned)report.failed <= MK_COPY_STEP_RENAME_DEST ? step_names[report.failed]
                                                                         : "(not a step)";
  int invalid;
  int ok = expected_error(rc, report.failed, &invalid);
  if (invalid) {
    if (!ok)
      fz_fail(
          "mk_copy_file_report returned %s at step %s; the request is invalid and wants one of "
          "the errors that apply, at its step",
          fz_err_name(rc, name), step);
    if (c.calls) fz_fail("progress callback called %d times for a rejected request", c.calls);
    check_destination_unchanged();
  } else {
    /* The copy stops at the first error it meets: the callback's, or an injected one (which
     * it may never swallow). */
    long want = c.cancelled ? -ECANCELED : c.truncated ? -ENODATA : 0;
    enum mk_copy_step want_step = c.truncated && !c.cancelled ? MK_COPY_STEP_READ_SOURCE : 0;
    long hard = -io->hard_errno;
    enum mk_copy_step hard_step = injected_step(io);
    ok = rc == want && report.failed == want_step;
    if (hard) ok = (rc == hard && report.failed == hard_step) || (want && ok);
    if (!ok)
      fz_fail("mk_copy_file_report returned %s at step %s, want %s at %s%s%s%s%s",
              fz_err_name(rc, name), step, want ? mk_errno_name((int)-want) : "0",
              step_names[want_step],
              c.cancelled   ? " (the callback cancelled)"
              : c.truncated ? " (the callback shrank the source mid-copy)"
                            : "",
              hard ? " or the injected -" : "", hard ? mk_errno_name((int)-hard) : "",
              hard ? (hard_step == MK_COPY_STEP_READ_SOURCE   ? " at READ_SOURCE"
                      : hard_step == MK_COPY_STEP_RENAME_DEST ? " at RENAME_DEST"
                                                              : " at WRITE_DEST")
                   : "");
    if (rc == 0)
      check_copy(report.copied);
    else
      check_destination_unchanged();
  }
  if (rc != 0) {
    struct stat st;
    check_source(&st);
  }

  /* Leave only the permanent names for the next input. */
  if (unlink(p_dst) != 0 && errno != ENOENT)
    fz_fail("cleanup: unlink %s: %s", p_dst, strerror(errno));
  if ((c.dst == DST_HARDLINKED || c.dst == DST_SYMLINK) && unlink(p_other) != 0)
    fz_fail("cleanup: unlink %s: %s", p_other, strerror(errno));
  return 0;
}
