/* fuzz/harnesses/copy_range/copy_range_fuzzer.c - mk_copy_range between memfd files against a
 * pread/pwrite reference model.
 *
 * Checks, for every input: a copy that should succeed copies [in_off, in_off + len) exactly,
 * leaves every other destination byte alone, makes the destination max(old size, out_off + len)
 * long (zeros in a gap) and never changes the source; a request the contract (mmapkit/copy.h)
 * rejects returns one of the documented errnos that apply, without calling the progress
 * callback and with both files unchanged; an error during the copy (cancelled by the
 * callback, source truncated by the callback) returns -ECANCELED / -ENODATA, restores the
 * destination size and leaves only old or copied bytes inside the range. The callback sees
 * total == len, done starting at 0, never decreasing, advancing by at most one window, and
 * ending at total.
 *
 * Input encoding (bytes; every reader yields 0 once the input runs out, so a short input is a
 * plain valid copy with default options; "biased" values are fz_biased(): near multiples of
 * the page or the window, see fuzz/common/fuzz_input.h):
 *   window   >= 0xf0 -> a page multiple +/- a few bytes (invalid; reads one more byte);
 *            else b % 7: 0 default; 1-4 that many pages; 5 -> 1 + b / 7 % 32 pages;
 *            6 -> huge (a page multiple near SIZE_MAX, or 2^40)
 *   source size (biased, <= 8 pages), then a shape byte s:
 *            s < 0xc0: in_off and len are kept inside the source; otherwise anything, and
 *            bits 0-2 make in_off / len / out_off huge (one more byte each: near INT64_MAX,
 *            UINT64_MAX or a large power of two; a huge out_off always overflows);
 *            bit 5: len is drawn as an end offset (len = end - in_off)
 *   in_off, len, out_off, destination size (biased)
 *   fd case  < 0xc0: the files themselves (b % 8: 0-3 source O_RDWR, 4-5 source O_RDONLY,
 *            6 same fd for both, 7 same file through two fds); otherwise a bad descriptor
 *            on one side, (b - 0xc0) % BAD_FD_COUNT (see enum fd_case)
 *   flags    < 0xf0 -> b & RANGE_FLAGS (a range's flags); otherwise MK_COPY_IN_PLACE or bit 31
 *   strategy fz_strategy(b)
 *   progress b % 4: 0 none, 1 watch, 2 cancel at call b / 4 % 8, 3 truncate the source at
 *            call b / 4 % 8 to a biased size <= the source size (one more value)
 *   faults   an I/O fault plan (fuzz/common/io_faults.h; 0: none; none for the same-file
 *            cases): short and interrupted reads and writes, a space limit (ENOSPC / EFBIG),
 *            fallocate refused, one hard error. Short counts and EINTR must not change the
 *            result; the first hard error the wrappers returned must be the copy's error
 *            (unless the callback's cancel or cut came first), with the size restored.
 *   The rest: bytes laid over the start of the source (which is otherwise pseudo-random). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/common/check.h"
#include "fuzz/common/fuzz_input.h"
#include "fuzz/common/io_faults.h"
#include "mmapkit/copy.h"
#include "mmapkit/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_SRC_PAGES = 8, MAX_OUT_OFF_PAGES = 12, MAX_DST_PAGES = 8 };
/* The flags a range copy takes: all but the whole-file ones. */
#define RANGE_FLAGS (MK_COPY_ALL_FLAGS & ~(MK_COPY_IN_PLACE | MK_COPY_PRESERVE))

// clang-format off
/* Which descriptors are passed: the files themselves, then one bad descriptor each. */
enum fd_case {
  SRC_RDWR, SRC_RDONLY, SAME_FD, SAME_FILE, /* valid */
  DST_RDONLY, DST_WRONLY, DST_APPEND, DST_OPATH, DST_CLOSED, DST_PIPE, DST_SOCKET, DST_DIR,
  DST_DEVNULL, SRC_WRONLY, SRC_OPATH, SRC_CLOSED, SRC_PIPE, SRC_SOCKET, SRC_DIR, SRC_DEVNULL,
  FD_CASE_COUNT
};
#define BAD_FD_COUNT (FD_CASE_COUNT - DST_RDONLY)
/* Each case's name, and the error copy.h documents for it (0: none). */
static const struct {
  const char *name;
  int err;
} fd_cases[FD_CASE_COUNT] = {
    [SRC_RDWR] = {"src O_RDWR", 0},              [SRC_RDONLY] = {"src O_RDONLY", 0},
    [SAME_FD] = {"same fd", 0},                  [SAME_FILE] = {"same file, two fds", 0},
    [DST_RDONLY] = {"dst O_RDONLY", EBADF},      [DST_WRONLY] = {"dst O_WRONLY", EACCES},
    [DST_APPEND] = {"dst O_APPEND", EBADF},      [DST_OPATH] = {"dst O_PATH", EBADF},
    [DST_CLOSED] = {"dst closed", EBADF},        [DST_PIPE] = {"dst pipe", ESPIPE},
    [DST_SOCKET] = {"dst socket", ESPIPE},       [DST_DIR] = {"dst directory", EISDIR},
    [DST_DEVNULL] = {"dst /dev/null", EINVAL},   [SRC_WRONLY] = {"src O_WRONLY", EBADF},
    [SRC_OPATH] = {"src O_PATH", EBADF},         [SRC_CLOSED] = {"src closed", EBADF},
    [SRC_PIPE] = {"src pipe", ESPIPE},           [SRC_SOCKET] = {"src socket", ESPIPE},
    [SRC_DIR] = {"src directory", EISDIR},       [SRC_DEVNULL] = {"src /dev/null", EINVAL},
};
// clang-format on

enum { PROGRESS_NONE, PROGRESS_WATCH, PROGRESS_CANCEL, PROGRESS_TRUNCATE };

/* Set once per process. */
static size_t page;
static int src_fd = -1, dst_fd = -1; /* the two memfds, reused by every input */
static int fds[FD_CASE_COUNT][2];    /* [case] = {in_fd, out_fd} */
static uint8_t *src_data, *dst_data; /* initial contents */
static const uint8_t *old_dst;       /* the destination's initial content this time */
static uint8_t *expect, *got;        /* expected and actual destination */
static size_t buf_len;

/* The current case, for checks and messages. */
static struct {
  int fd_case;
  struct mk_copy_options opt;
  int progress_mode, progress_at;
  uint64_t truncate_to;
  uint64_t src_size, in_off, len, out_off, dst_size;
  uint64_t src_size_now; /* src_size, or what the callback truncated it to */
  /* what the callback saw */
  int calls;
  uint64_t last_done;
  int cancelled, truncated; /* did the callback stop the copy / shrink the source */
  struct fz_io_plan io;
} c;

static void describe(void) {
  fprintf(stderr,
          "  case: mk_copy_range(in_off=%llu, out_off=%llu, len=%llu), %s; source %llu bytes (now "
          "%llu), "
          "destination %llu bytes; window=%zu flags=0x%x strategy=%d; progress mode %d at call "
          "%d (truncate to %llu); callback calls %d; page %zu\n",
          (unsigned long long)c.in_off, (unsigned long long)c.out_off, (unsigned long long)c.len,
          fd_cases[c.fd_case].name, (unsigned long long)c.src_size,
          (unsigned long long)c.src_size_now, (unsigned long long)c.dst_size, c.opt.window,
          c.opt.flags, (int)c.opt.strategy, c.progress_mode, c.progress_at,
          (unsigned long long)c.truncate_to, c.calls, page);
  fz_io_plan_describe(&c.io);
}

static int same_file(void) {
  return c.fd_case == SAME_FD || c.fd_case == SAME_FILE;
}

/* The progress callback: checks what it is told, then maybe cancels or shrinks the source. */
static int on_progress(void *arg, uint64_t done, uint64_t total) {
  (void)arg;
  if (total != c.len)
    fz_fail("progress: total %llu, want len %llu", (unsigned long long)total,
            (unsigned long long)c.len);
  if (done > total)
    fz_fail("progress: done %llu > total %llu", (unsigned long long)done,
            (unsigned long long)total);
  if (c.calls == 0 && done != 0)
    fz_fail("progress: first call has done %llu, want 0", (unsigned long long)done);
  if (c.calls > 0 && done < c.last_done)
    fz_fail("progress: done went back from %llu to %llu", (unsigned long long)c.last_done,
            (unsigned long long)done);
  size_t window = c.opt.window ? c.opt.window : MK_COPY_DEFAULT_WINDOW;
  if (c.calls > 0 && done - c.last_done > window)
    fz_fail("progress: one step copied %llu bytes, more than the %zu-byte window",
            (unsigned long long)(done - c.last_done), window);
  int call = c.calls++;
  c.last_done = done;
  if (call != c.progress_at) return 0;
  if (c.progress_mode == PROGRESS_CANCEL) {
    c.cancelled = 1;
    return 1;
  }
  if (c.progress_mode == PROGRESS_TRUNCATE) {
    FZ_SYS(ftruncate(src_fd, (off_t)c.truncate_to));
    c.truncated = done < total; /* after the last window it changes nothing */
    c.src_size_now = c.truncate_to;
  }
  return 0;
}

/* x + y > INT64_MAX, without overflowing. */
static int exceeds_off_t(uint64_t x, uint64_t y) {
  return x > INT64_MAX || y > INT64_MAX - x;
}

/* *invalid = does copy.h reject this request? Returns whether rc is one of the errors that
 * apply (the contract gives no order among them, so any of them is right). */
static int expected_error(long rc, int *invalid) {
  int ok = 0;
  *invalid = 0;
#define APPLIES(cond, err) \
  if (cond) {              \
    *invalid = 1;          \
    ok |= rc == -(err);    \
  }
  int src_is_file = c.fd_case < SRC_CLOSED; /* the source memfd, however opened */
  APPLIES(c.opt.window % page != 0, EINVAL);
  APPLIES(c.opt.flags & ~RANGE_FLAGS, EINVAL);
  APPLIES((unsigned)c.opt.strategy > MK_COPY_MAP_DST_READ, EINVAL);
  APPLIES(fd_cases[c.fd_case].err != 0, fd_cases[c.fd_case].err);
  APPLIES(exceeds_off_t(c.in_off, c.len) || exceeds_off_t(c.out_off, c.len), EOVERFLOW);
  APPLIES(same_file() && c.len > 0 && c.in_off < c.out_off + c.len && c.out_off < c.in_off + c.len,
          EINVAL);
  APPLIES(src_is_file && (exceeds_off_t(c.in_off, c.len) || c.in_off + c.len > c.src_size),
          ENODATA);
#undef APPLIES
  return ok;
}

/* Reads the whole of fd (its size must be want_size) into got. */
static void read_file(int fd, const char *what, uint64_t want_size) {
  struct stat st;
  FZ_SYS(fstat(fd, &st));
  if ((uint64_t)st.st_size != want_size)
    fz_fail("%s is %lld bytes, want %llu", what, (long long)st.st_size,
            (unsigned long long)want_size);
  ssize_t n = pread(fd, got, want_size + 1, 0);
  if (n != (ssize_t)want_size)
    fz_fail("pread of %s returned %zd, want %llu", what, n, (unsigned long long)want_size);
}

/* The source keeps its bytes (and its size, unless the callback shrank it). */
static void check_source_unchanged(void) {
  if (same_file()) return;
  read_file(src_fd, "source", c.src_size_now);
  fz_expect_bytes("source (never modified)", got, src_data, c.src_size_now, 0);
}

/* After an error during the copy: old size, old bytes outside the range, and inside it
 * only old or copied bytes (or zeros read from past the end of a source that shrank). */
static void check_partial_copy(int out_file) {
  read_file(out_file, "destination after a failed copy (size must be restored)", c.dst_size);
  uint64_t lo = c.out_off < c.dst_size ? c.out_off : c.dst_size;
  uint64_t hi = c.out_off + c.len < c.dst_size ? c.out_off + c.len : c.dst_size;
  fz_expect_bytes("destination before the range", got, old_dst, lo, 0);
  fz_expect_bytes("destination after the range", got + hi, old_dst + hi, c.dst_size - hi, hi);
  for (uint64_t i = lo; i < hi; i++) {
    uint64_t from = c.in_off + (i - c.out_off);
    uint8_t old = old_dst[i], copied = src_data[from];
    int zero_ok = from >= c.src_size_now && got[i] == 0; /* read after the source shrank */
    if (got[i] != old && got[i] != copied && !zero_ok)
      fz_fail(
          "destination byte %llu after a failed copy is 0x%02x: neither the old 0x%02x nor "
          "the source's 0x%02x",
          (unsigned long long)i, got[i], old, copied);
  }
}

/* A successful copy: compare with the reference model built from plain memory. */
static void check_copy(int out_file) {
  if (c.opt.progress && c.len > 0 && c.last_done != c.len)
    fz_fail("progress: last call had done %llu, want total %llu", (unsigned long long)c.last_done,
            (unsigned long long)c.len);
  uint64_t end = c.out_off + c.len;
  uint64_t want_size = c.len > 0 && end > c.dst_size ? end : c.dst_size;
  memset(expect, 0, want_size);
  memcpy(expect, old_dst, c.dst_size);
  memcpy(expect + c.out_off, src_data + c.in_off, c.len);
  read_file(out_file, "destination", want_size);
  fz_expect_bytes("destination", got, expect, want_size, 0);
  check_source_unchanged();
}

static void run_case(void) {
  /* Lay out the files. In the same-file cases there is one file, the source. */
  FZ_SYS(ftruncate(src_fd, (off_t)c.src_size));
  if (pwrite(src_fd, src_data, c.src_size, 0) != (ssize_t)c.src_size)
    fz_fail("setup: pwrite source");
  int out_file = same_file() ? src_fd : dst_fd;
  old_dst = same_file() ? src_data : dst_data;
  if (same_file()) {
    c.dst_size = c.src_size;
  } else {
    FZ_SYS(ftruncate(dst_fd, (off_t)c.dst_size));
    if (pwrite(dst_fd, dst_data, c.dst_size, 0) != (ssize_t)c.dst_size)
      fz_fail("setup: pwrite destination");
  }

  fz_io_arm(&c.io, src_fd);
  long rc = mk_copy_range(fds[c.fd_case][0], c.in_off, fds[c.fd_case][1], c.out_off, c.len, &c.opt);
  fz_io_disarm();
  int hard = fz_io_record()->hard_errno;
  if (rc == 0 && c.len > 0 && !same_file() && c.opt.strategy == MK_COPY_MAP_SRC_WRITE &&
      !fz_io_record()->writes)
    fz_fail(
        "harness setup: the copy wrote without calling the I/O wrappers (is the library "
        "linked into the executable? -Wl,--wrap reaches only those objects)");

  char name[32];
  int invalid;
  int ok = expected_error(rc, &invalid);
  if (invalid) {
    /* A rejected request: nothing happens at all (len == 0 gets the same checks). */
    if (!ok)
      fz_fail(
          "mk_copy_range returned %s; the request is invalid and wants one of the errors that "
          "apply",
          fz_err_name(rc, name));
    if (c.calls) fz_fail("progress callback called %d times for a rejected request", c.calls);
    check_source_unchanged();
    read_file(out_file, "destination after a rejected request", c.dst_size);
    fz_expect_bytes("destination after a rejected request", got, old_dst, c.dst_size, 0);
    return;
  }
  int want = 0;
  if (c.cancelled) want = -ECANCELED;
  if (c.truncated && c.truncate_to < c.in_off + c.len) want = -ENODATA;
  /* The copy stops at the first error it meets: an injected one (which it may never swallow),
   * or the callback's. */
  ok = hard ? rc == -hard || (want != 0 && rc == want) : rc == want;
  if (!ok)
    fz_fail("mk_copy_range returned %s, want %s%s%s%s", fz_err_name(rc, name),
            want ? mk_errno_name(-want) : "0",
            c.cancelled   ? " (the callback cancelled)"
            : c.truncated ? " (the callback shrank the source)"
                          : "",
            hard ? " or the injected -" : "", hard ? mk_errno_name(hard) : "");
  if (rc == 0) {
    check_copy(out_file);
  } else {
    check_partial_copy(out_file);
    check_source_unchanged();
  }
}

/* A value from one of the far ends of uint64_t. */
static uint64_t huge(struct fz_input *in) {
  uint8_t h = fz_u8(in);
  switch (h & 3) {
    case 0:
      return (uint64_t)INT64_MAX - (h >> 2);
    case 1:
      return UINT64_MAX - (h >> 2);
    case 2:
      return (uint64_t)INT64_MAX + 1 + (h >> 2);
    default:
      return (uint64_t)1 << (32 + (h >> 2) % 31);
  }
}

static size_t decode_window(struct fz_input *in) {
  uint8_t w = fz_u8(in);
  if (w >= 0xf0) { /* invalid: never a page multiple */
    int64_t d = fz_delta(fz_u8(in));
    return (size_t)((1 + w % 4) * (int64_t)page + (d ? d : 1));
  }
  switch (w % 7) {
    case 0:
      return 0;
    case 5:
      return (size_t)(1 + w / 7 % 32) * page;
    case 6:
      /* Far larger than any source: 1 TiB, or 1 GiB where size_t has 32 bits. */
      return w & 1 ? SIZE_MAX / page * page : (size_t)1 << (SIZE_MAX > UINT32_MAX ? 40 : 30);
    default:
      return (size_t)(w % 7) * page;
  }
}

/* Sizes and offsets come first, options last: a short input (the rest reads as zeros) is a
 * plain valid copy with default options. */
static void decode(struct fz_input *in) {
  memset(&c, 0, sizeof c);
  c.opt.window = decode_window(in);
  uint64_t w = c.opt.window && c.opt.window <= MAX_SRC_PAGES * page ? c.opt.window : page;

  /* Sizes and offsets, near page and window boundaries. */
  c.src_size = c.src_size_now = fz_biased(in, page, w, MAX_SRC_PAGES * page);
  uint8_t s = fz_u8(in);
  int free_form = s >= 0xc0;
  c.in_off = free_form && (s & 1) ? huge(in) : fz_biased(in, page, w, 2 * MAX_SRC_PAGES * page);
  if (free_form && (s & 2)) {
    c.len = huge(in);
  } else if (s & 0x20) { /* an end offset near a boundary */
    uint64_t end = fz_biased(in, page, w, 2 * MAX_SRC_PAGES * page);
    c.len = end > c.in_off ? end - c.in_off : 0;
  } else {
    c.len = fz_biased(in, page, w, MAX_SRC_PAGES * page);
  }
  if (!free_form) { /* keep the range inside the source */
    c.in_off %= c.src_size + 1;
    c.len %= c.src_size - c.in_off + 1;
  }
  c.out_off = fz_biased(in, page, w, MAX_OUT_OFF_PAGES * page);
  if (free_form && (s & 4))
    c.out_off = (uint64_t)INT64_MAX - c.len + 1 + (fz_u8(in) & 7); /* overflows */
  c.dst_size = fz_biased(in, page, w, MAX_DST_PAGES * page);

  /* Descriptors and options: mostly valid. */
  uint8_t f = fz_u8(in);
  static const int good[8] = {SRC_RDWR,   SRC_RDWR,   SRC_RDWR, SRC_RDWR,
                              SRC_RDONLY, SRC_RDONLY, SAME_FD,  SAME_FILE};
  c.fd_case = f < 0xc0 ? good[f % 8] : DST_RDONLY + (f - 0xc0) % BAD_FD_COUNT;
  uint8_t fl = fz_u8(in);
  c.opt.flags = fl < 0xf0 ? fl & RANGE_FLAGS : (fl & 1 ? 1u << 31 : MK_COPY_IN_PLACE);
  uint8_t st = fz_u8(in);
  c.opt.strategy = fz_strategy(st);
  uint8_t p = fz_u8(in);
  c.progress_mode = p % 4;
  c.progress_at = c.progress_mode >= PROGRESS_CANCEL ? p / 4 % 8 : -1;
  if (c.progress_mode != PROGRESS_NONE) c.opt.progress = on_progress;
  if (c.progress_mode == PROGRESS_TRUNCATE) {
    c.truncate_to = fz_biased(in, page, w, c.src_size);
    if (same_file()) c.progress_mode = PROGRESS_WATCH, c.progress_at = -1; /* one file: no */
  }
  fz_io_plan_decode(in, &c.io, page, w, (MAX_OUT_OFF_PAGES + MAX_SRC_PAGES) * page, 0);
  if (same_file()) memset(&c.io, 0, sizeof c.io); /* source and destination are one file */
}

static void init_once(void) {
  if (src_fd >= 0) return;
  page = mk_page_size();
  buf_len = (MAX_OUT_OFF_PAGES + MAX_SRC_PAGES + 1) * page + 1;
  src_data = malloc(buf_len);
  dst_data = malloc(buf_len);
  expect = malloc(buf_len);
  got = malloc(buf_len);
  src_fd = memfd_create("mmapkit-fuzz-src", MFD_CLOEXEC);
  dst_fd = memfd_create("mmapkit-fuzz-dst", MFD_CLOEXEC);
  if (!src_data || !dst_data || !expect || !got || src_fd < 0 || dst_fd < 0)
    fz_fail("setup: %s", strerror(errno));

  /* Reopened views of the memfds (through /proc/self/fd) and the bad descriptors. */
  char path[64], dpath[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", src_fd);
  snprintf(dpath, sizeof dpath, "/proc/self/fd/%d", dst_fd);
  int src_ro = open(path, O_RDONLY | O_CLOEXEC), src_wo = open(path, O_WRONLY | O_CLOEXEC);
  int src_path = open(path, O_PATH | O_CLOEXEC), dst_path = open(dpath, O_PATH | O_CLOEXEC);
  int dst_ro = open(dpath, O_RDONLY | O_CLOEXEC), dst_wo = open(dpath, O_WRONLY | O_CLOEXEC);
  int dst_app = open(dpath, O_RDWR | O_APPEND | O_CLOEXEC);
  int pipe_fds[2], sock_fds[2];
  FZ_SYS(pipe2(pipe_fds, O_CLOEXEC));
  FZ_SYS(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sock_fds));
  int dir = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (src_ro < 0 || src_wo < 0 || src_path < 0 || dst_path < 0 || dst_ro < 0 || dst_wo < 0 ||
      dst_app < 0 || dir < 0 || null_fd < 0)
    fz_fail("setup: opening the descriptor cases: %s", strerror(errno));
  const int closed = 1 << 30; /* above any RLIMIT_NOFILE: never open */
  const int table[FD_CASE_COUNT][2] = {
      [SRC_RDWR] = {src_fd, dst_fd},
      [SRC_RDONLY] = {src_ro, dst_fd},
      [SAME_FD] = {src_fd, src_fd},
      [SAME_FILE] = {src_ro, src_fd},
      [DST_RDONLY] = {src_fd, dst_ro},
      [DST_WRONLY] = {src_fd, dst_wo},
      [DST_APPEND] = {src_fd, dst_app},
      [DST_OPATH] = {src_fd, dst_path},
      [DST_CLOSED] = {src_fd, closed},
      [DST_PIPE] = {src_fd, pipe_fds[1]},
      [DST_SOCKET] = {src_fd, sock_fds[0]},
      [DST_DIR] = {src_fd, dir},
      [DST_DEVNULL] = {src_fd, null_fd},
      [SRC_WRONLY] = {src_wo, dst_fd},
      [SRC_OPATH] = {src_path, dst_fd},
      [SRC_CLOSED] = {-1, dst_fd},
      [SRC_PIPE] = {pipe_fds[0], dst_fd},
      [SRC_SOCKET] = {sock_fds[1], dst_fd},
      [SRC_DIR] = {dir, dst_fd},
      [SRC_DEVNULL] = {null_fd, dst_fd},
  };
  memcpy(fds, table, sizeof fds);

  /* Fixed pseudo-random contents (xorshift32), different for each file. */
  uint32_t x = 0x9e3779b9;
  for (size_t i = 0; i < buf_len; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    src_data[i] = (uint8_t)x;
    dst_data[i] = (uint8_t)(x >> 8);
  }
  fz_describe = describe;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  init_once();
  struct fz_input in = fz_make(data, size);
  decode(&in);
  /* The rest of the input becomes the start of the source (restored afterwards). */
  struct fz_overlay overlay;
  fz_overlay_apply(&overlay, &in, src_data, c.src_size);
  run_case();
  fz_overlay_undo(&overlay);
  return 0;
}
