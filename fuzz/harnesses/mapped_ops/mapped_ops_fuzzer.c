/* fuzz/mapped_ops/mapped_ops_fuzzer.c - fsx-style harness: one memfd file, one MAP_SHARED
 * mapping of it and an in-memory model, driven by a sequence of operations. After every
 * operation the file (fstat + pread), the mapping and the model must agree, and the part of
 * the last page past EOF must read as zeros. Uses libc only: it checks the platform
 * semantics mmapkit builds on.
 *
 * Input encoding (bytes; every reader yields 0 once the input runs out):
 *   [0]        initial mapping length in pages, % (MAX_MAP_PAGES + 1)
 *   then up to MAX_OPS operations, each an op byte: low 4 bits = kind (% OP_COUNT),
 *   high 4 bits = variant bits, followed by the kind's arguments. "off"/"len" are
 *   fz_biased() values (near page multiples or near EOF) limited to the model's size:
 *     MAP_READ  off len          read through the mapping (clamped to mapped, in-file pages)
 *     MAP_WRITE off len          ftruncate up first if it ends past EOF, then store through
 *                                the mapping (clamped to the mapping)
 *     PREAD     off len          short reads at EOF expected
 *     PWRITE    off len          may extend the file
 *     TRUNCATE  size             up or down
 *     MSYNC                      variant bit 0: MS_ASYNC instead of MS_SYNC, bit 1: +MS_INVALIDATE
 *     REMAP     pages            variant bit 0: mremap(MREMAP_MAYMOVE), else munmap + mmap
 *     PRIVATE   off len          MAP_PRIVATE mapping, store into it (also into the partial page
 *                                past EOF); variant bit 0: read it first. The store must show in
 *                                the private view only, never in the file or the shared mapping.
 *     PROBE     page             touch a mapped page wholly past EOF: SIGBUS expected (caught);
 *                                variant bit 0: write instead of read
 *   Written data comes from a fixed noise table (not from the input), so a store that does
 *   not land is visible. */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/common/check.h"
#include "fuzz/common/fuzz_input.h"
#include "mmapkit/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_FILE_PAGES = 8, MAX_MAP_PAGES = 10, MAX_OPS = 64 };
enum { MAP_READ, MAP_WRITE, PREAD, PWRITE, TRUNCATE, MSYNC, REMAP, PRIVATE, PROBE, OP_COUNT };
static const char *const op_names[OP_COUNT] = {
    "MAP_READ", "MAP_WRITE", "PREAD", "PWRITE", "TRUNCATE", "MSYNC", "REMAP", "PRIVATE", "PROBE"};

/* Set once per process. */
static size_t page;      /* system page size */
static size_t max_file;  /* MAX_FILE_PAGES pages */
static int fd = -1;      /* the memfd, reused by every input */
static uint8_t *model;   /* expected file content; zero past size. MAX_MAP_PAGES pages */
static uint8_t *scratch; /* reads and the private view's expected content */
static uint8_t *noise;   /* max_file + page bytes of fixed pseudo-random data */

/* The current input's state. */
static size_t size;    /* expected file size */
static uint8_t *map;   /* shared mapping or NULL */
static size_t map_len; /* bytes mapped, a page multiple */
static int op_index;   /* for messages */
static int op_kind = -1;
static uint64_t op_a, op_b; /* the op's decoded arguments, for messages */

static void describe(void) {
  fprintf(stderr,
          "  case: op #%d %s(a=%llu, b=%llu); model size %zu, mapping %zu bytes at %p, page %zu\n",
          op_index, op_kind >= 0 ? op_names[op_kind] : "(setup)", (unsigned long long)op_a,
          (unsigned long long)op_b, size, map_len, (void *)map, page);
}

static size_t round_up(size_t v) {
  return (v + page - 1) / page * page;
}
static size_t min_sz(size_t a, size_t b) {
  return a < b ? a : b;
}

/* Bytes of the mapping that may be touched: mapped and within the last page of the file. */
static size_t accessible(void) {
  return min_sz(map_len, round_up(size));
}

static void map_shared(size_t len) {
  map_len = len;
  map = NULL;
  if (len == 0) return;
  void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) fz_fail("mmap(MAP_SHARED, %zu bytes) failed: %s", len, strerror(errno));
  map = p;
}

static void unmap_shared(void) {
  if (map && munmap(map, map_len) != 0) fz_fail("munmap failed: %s", strerror(errno));
  map = NULL;
  map_len = 0;
}

/* The file, the shared mapping and the model agree; the tail of the last page is zeros. */
static void verify_all(void) {
  struct stat st;
  FZ_SYS(fstat(fd, &st));
  if ((uint64_t)st.st_size != size)
    fz_fail("file size is %lld, model says %zu", (long long)st.st_size, size);
  ssize_t n = pread(fd, scratch, size + 1, 0); /* one byte more: EOF must be where we think */
  if (n != (ssize_t)size)
    fz_fail("pread(%zu bytes at 0) returned %zd, want %zu", size + 1, n, size);
  fz_expect_bytes("file (pread)", scratch, model, size, 0);
  size_t acc = accessible();
  fz_expect_bytes("shared mapping", map, model, min_sz(size, acc), 0);
  if (acc > size) fz_expect_zeros("shared mapping past EOF", map + size, acc - size, size);
}

static void set_size(size_t new_size) {
  FZ_SYS(ftruncate(fd, (off_t)new_size));
  if (new_size < size) memset(model + new_size, 0, size - new_size);
  size = new_size;
}

static void op_map_read(uint64_t off, uint64_t len) {
  size_t acc = accessible();
  if (off >= acc) return;
  len = min_sz(len, acc - off);
  memcpy(scratch, map + off, len);
  fz_expect_bytes("MAP_READ", scratch, model + off, len, off);
}

static void op_map_write(uint64_t off, uint64_t len) {
  size_t limit = min_sz(map_len, max_file);
  if (len == 0 || off >= limit) return;
  len = min_sz(len, limit - off);
  if (off + len > size) set_size(off + len); /* never store past EOF: that page would SIGBUS */
  memcpy(map + off, noise + (op_index % 64), len);
  memcpy(model + off, noise + (op_index % 64), len);
}

static void op_pread(uint64_t off, uint64_t len) {
  size_t want = off < size ? min_sz(len, size - off) : 0;
  ssize_t n = pread(fd, scratch, len, (off_t)off);
  if (n != (ssize_t)want)
    fz_fail("pread(%llu bytes at %llu) returned %zd, want %zu", (unsigned long long)len,
            (unsigned long long)off, n, want);
  fz_expect_bytes("PREAD", scratch, model + off, want, off);
}

static void op_pwrite(uint64_t off, uint64_t len) {
  ssize_t n = pwrite(fd, noise + (op_index % 64), len, (off_t)off);
  if (n != (ssize_t)len)
    fz_fail("pwrite(%llu bytes at %llu) returned %zd", (unsigned long long)len,
            (unsigned long long)off, n);
  memcpy(model + off, noise + (op_index % 64), len);
  if (len > 0 && off + len > size) size = off + len; /* an empty write never extends */
}

static void op_msync(unsigned variant) {
  if (!map) return;
  int flags = (variant & 1 ? MS_ASYNC : MS_SYNC) | (variant & 2 ? MS_INVALIDATE : 0);
  if (msync(map, map_len, flags) != 0)
    fz_fail("msync(%zu bytes, 0x%x) failed: %s", map_len, flags, strerror(errno));
}

static void op_remap(uint64_t pages, unsigned variant) {
  size_t len = pages * page;
  if (variant & 1 && map && len) {
    void *p = mremap(map, map_len, len, MREMAP_MAYMOVE);
    if (p == MAP_FAILED)
      fz_fail("mremap(%zu -> %zu bytes) failed: %s", map_len, len, strerror(errno));
    map = p;
    map_len = len;
  } else {
    unmap_shared();
    map_shared(len);
  }
}

/* A private copy-on-write view: its stores must never reach the file. */
static void op_private(uint64_t off, uint64_t len, unsigned variant) {
  size_t plen = round_up(size);
  if (plen == 0 || off >= plen) return;
  len = min_sz(len, plen - off);
  uint8_t *priv = mmap(NULL, plen, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  if (priv == MAP_FAILED) fz_fail("mmap(MAP_PRIVATE, %zu bytes) failed: %s", plen, strerror(errno));
  if (variant & 1) fz_expect_bytes("private mapping before the store", priv, model, plen, 0);
  memcpy(priv + off, noise + (op_index % 64), len);
  memcpy(scratch, model, plen); /* model is zero past size: the tail reads as zeros */
  memcpy(scratch + off, noise + (op_index % 64), len);
  fz_expect_bytes("private mapping after the store", priv, scratch, plen, 0);
  if (munmap(priv, plen) != 0) fz_fail("munmap(private) failed: %s", strerror(errno));
  /* verify_all() after this op checks that the file and shared mapping did not change. */
}

static sigjmp_buf probe_jump;
static void on_sigbus(int sig) {
  (void)sig;
  siglongjmp(probe_jump, 1);
}

/* Touching a mapped page that lies wholly past EOF must raise SIGBUS. */
static void op_probe(uint64_t which, unsigned variant) {
  size_t first = round_up(size) / page, last = map_len / page; /* pages [first, last) */
  if (first >= last) return;
  size_t off = (first + which % (last - first)) * page;
  volatile uint8_t *p = map + off;
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigbus;
  sigemptyset(&sa.sa_mask);
  FZ_SYS(sigaction(SIGBUS, &sa, &old));
  int faulted = sigsetjmp(probe_jump, 1);
  if (!faulted) {
    if (variant & 1)
      *p = 1;
    else
      (void)*p;
  }
  FZ_SYS(sigaction(SIGBUS, &old, NULL));
  if (!faulted)
    fz_fail("%s at offset %zu, past EOF (size %zu), did not raise SIGBUS",
            variant & 1 ? "store" : "load", off, size);
}

static void init_once(void) {
  if (fd >= 0) return;
  page = mk_page_size();
  max_file = MAX_FILE_PAGES * page;
  fd = memfd_create("mmapkit-fuzz-mapped-ops", MFD_CLOEXEC);
  model = calloc(MAX_MAP_PAGES, page);
  scratch = malloc(MAX_MAP_PAGES * page + 1);
  noise = malloc(max_file + page);
  if (fd < 0 || !model || !scratch || !noise) fz_fail("harness setup failed: %s", strerror(errno));
  uint32_t x = 0x2545f491; /* xorshift32: fixed, so runs are reproducible */
  for (size_t i = 0; i < max_file + page; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    noise[i] = (uint8_t)x;
  }
  fz_describe = describe;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len) {
  init_once();
  struct fz_input in = fz_make(data, len);
  FZ_SYS(ftruncate(fd, 0));
  memset(model, 0, MAX_MAP_PAGES * page);
  size = 0;
  op_kind = -1;
  op_index = 0;
  map_shared((fz_u8(&in) % (MAX_MAP_PAGES + 1)) * page);
  verify_all();

  for (op_index = 0; op_index < MAX_OPS && in.n > 0; op_index++) {
    uint8_t op = fz_u8(&in);
    unsigned variant = op >> 4;
    op_kind = (op & 15) % OP_COUNT;
    op_a = op_b = 0;
    uint64_t eof = size ? size : page; /* the second anchor: near EOF */
    switch (op_kind) {
      case TRUNCATE:
        op_a = fz_biased(&in, page, eof, max_file);
        break;
      case REMAP:
      case PROBE:
        op_a = fz_u8(&in) % (MAX_MAP_PAGES + 1);
        break;
      case MSYNC:
        break;
      default: /* off, len: the pair stays within the largest file */
        op_a = fz_biased(&in, page, eof, max_file);
        op_b = fz_biased(&in, page, eof, max_file - op_a);
        break;
    }
    switch (op_kind) {
      case MAP_READ:
        op_map_read(op_a, op_b);
        break;
      case MAP_WRITE:
        op_map_write(op_a, op_b);
        break;
      case PREAD:
        op_pread(op_a, op_b);
        break;
      case PWRITE:
        op_pwrite(op_a, op_b);
        break;
      case TRUNCATE:
        set_size(op_a);
        break;
      case MSYNC:
        op_msync(variant);
        break;
      case REMAP:
        op_remap(op_a, variant);
        break;
      case PRIVATE:
        op_private(op_a, op_b, variant);
        break;
      case PROBE:
        op_probe(op_a, variant);
        break;
    }
    verify_all();
  }
  unmap_shared();
  return 0;
}
