/* fuzz/harnesses/map_path/map_path_fuzzer.c - mmapkit/map.h (mk_map_path, mk_map_sync,
 * mk_unmap) in every mode, on a file whose permission bits are fuzzed, against a model.
 *
 * The harness drops CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER first (as
 * core/tests/map_test.cc does in its children), so even as root the permission bits decide.
 *
 * Checks, for every operation:
 *   MAP     the documented result for the mode, the file's permission bits and what the path
 *           names: SHARED_RW needs read and write permission, SHARED_RO and PRIVATE only read
 *           (-EACCES otherwise); a missing path -ENOENT, a directory -EISDIR, a FIFO -ESPIPE
 *           (at once, never blocking), NULL arguments and a bad mode -EINVAL. On success the
 *           mapping is {addr, file size, mode}, NULL exactly when the file is empty, and the
 *           kernel's view of it (/proc/self/maps) has the mode's protection and sharing:
 *           r--s, rw-s, rw-p, over the file's pages; on failure *out is untouched. No call
 *           leaves a file descriptor open.
 *   STORE   through a writable mapping; into a read-only one the kernel cannot write (EFAULT).
 *   PWRITE  to the file (may grow it: mappings keep their length).
 *   CHECK   a mapping's bytes against the model: a shared mapping shows the file; a private
 *           one shows its own copy of every page it stored to and the file elsewhere (Linux).
 *   SYNC    mk_map_sync in either mode returns 0 (also for empty, read-only and private
 *           mappings), and the file then holds the model's bytes.
 *   UNMAP   mk_unmap returns 0 and resets the mapping to {NULL, 0, mode}; again: 0.
 *   NULLS   NULL arguments: -EINVAL from each function.
 *
 * Input encoding (bytes; every reader yields 0 once the input runs out):
 *   [0]   the file's initial size, fz_biased(page, page) <= MAX_FILE_PAGES pages
 *   then up to MAX_OPS operations: an op byte (low 3 bits kind, high 5 bits variant), then:
 *     0 MAP     mode byte (b % 4 == 3: an invalid mode), permission byte pair (& 0777);
 *               variant % 8 is the path: 0-2 the file, 3 a symlink to it, 4 missing,
 *               5 a directory, 6 a FIFO, 7 NULL (variant bit 3: a NULL out instead)
 *     1 STORE   slot byte, off, len (fz_biased, clamped to the mapping)
 *     2 PWRITE  off, len (may extend the file up to MAX_FILE_PAGES pages)
 *     3 CHECK   slot byte
 *     4 SYNC    slot byte; variant bit 0: MS_ASYNC
 *     5 UNMAP   slot byte
 *     6 NULLS   (none)
 *     7 CHECK   every slot and the file
 *   A slot byte picks one of MAX_SLOTS mappings (b % MAX_SLOTS); MAP fills the first free slot
 *   (unmapping slot 0 first when all are taken). Stored bytes come from a noise table. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fuzz/common/check.h"
#include "fuzz/common/fuzz_input.h"
#include "fuzz/common/scratch_dir.h"
#include "mmapkit/map.h"
#include "mmapkit/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_FILE_PAGES = 6, MAX_SLOTS = 4, MAX_OPS = 48 };
enum { MAP, STORE, PWRITE, CHECK, SYNC, UNMAP, NULLS, CHECK_ALL, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"MAP",  "STORE", "PWRITE", "CHECK",
                                               "SYNC", "UNMAP", "NULLS",  "CHECK_ALL"};
enum target { T_FILE, T_SYMLINK, T_MISSING, T_DIRECTORY, T_FIFO, T_NULL_PATH, T_NULL_OUT };
static const char *const target_names[] = {
    "the file", "a symlink to the file", "a missing path", "a directory",
    "a FIFO",   "a NULL path",           "a NULL out"};
static const char *const mode_names[] = {"MK_MAP_SHARED_RO", "MK_MAP_SHARED_RW", "MK_MAP_PRIVATE"};

/* Set once per process. */
static size_t page, max_file;
static char p_file[600], p_link[600], p_missing[600], p_dir[600], p_fifo[600];
static int fd = -1; /* the file, O_RDWR, opened before the capabilities were dropped */
static uint8_t *noise, *scratch;

/* The model. */
static uint8_t *file; /* the file's bytes (max_file) */
static size_t size;   /* the file's size */
static struct slot {
  int used;
  struct mk_mapping m;
  uint8_t *own;   /* a private mapping's copies of the pages it stored to (max_file) */
  uint8_t *owned; /* which pages those are */
} slots[MAX_SLOTS];
static int op_index, op_kind = -1;
static long op_arg[4];

static void describe(void) {
  fprintf(stderr,
          "  case: op #%d %s (%ld, %ld, %ld, %ld); file %zu bytes; page %zu; slots:", op_index,
          op_kind >= 0 ? op_names[op_kind] : "(setup)", op_arg[0], op_arg[1], op_arg[2], op_arg[3],
          size, page);
  for (int i = 0; i < MAX_SLOTS; i++) {
    if (slots[i].used)
      fprintf(stderr, " [%d] %s %zu bytes at %p", i, mode_names[slots[i].m.mode], slots[i].m.len,
              slots[i].m.addr);
  }
  fputc('\n', stderr);
}

static size_t min_sz(size_t a, size_t b) {
  return a < b ? a : b;
}

/* Drops the capabilities that let root ignore permission bits; checks that they are gone. */
static void drop_file_capabilities(void) {
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
  FZ_SYS(syscall(SYS_capget, &header, data));
  const uint32_t drop = 1u << CAP_DAC_OVERRIDE | 1u << CAP_DAC_READ_SEARCH | 1u << CAP_FOWNER;
  data[0].effective &= ~drop;
  data[0].permitted &= ~drop;
  data[0].inheritable &= ~drop;
  FZ_SYS(syscall(SYS_capset, &header, data));
  FZ_SYS(fchmod(fd, 0));
  int probe = open(p_file, O_RDONLY | O_CLOEXEC);
  if (probe >= 0)
    fz_fail("harness setup: a mode 000 file still opens: permission bits do not decide");
  FZ_SYS(fchmod(fd, 0600));
}

/* The lowest free descriptor: a call that leaks one changes it. */
static int lowest_free_fd(void) {
  int probe = dup(2);
  if (probe >= 0) close(probe);
  return probe;
}

/* A slot's byte i as the model sees it. */
static uint8_t view(const struct slot *s, size_t i) {
  return s->m.mode == MK_MAP_PRIVATE && s->owned[i / page] ? s->own[i] : file[i];
}

static void check_slot(int k) {
  const struct slot *s = &slots[k];
  if (!s->used) return;
  for (size_t i = 0; i < s->m.len; i++) scratch[i] = view(s, i);
  char what[64];
  snprintf(what, sizeof what, "slot %d (%s)", k, mode_names[s->m.mode]);
  fz_expect_bytes(what, s->m.addr, scratch, s->m.len, 0);
}

static void check_file(void) {
  struct stat st;
  FZ_SYS(fstat(fd, &st));
  if ((uint64_t)st.st_size != size)
    fz_fail("the file is %lld bytes, the model says %zu", (long long)st.st_size, size);
  if (pread(fd, scratch, size + 1, 0) != (ssize_t)size) fz_fail("pread of the file is short");
  fz_expect_bytes("the file", scratch, file, size, 0);
}

/* The kernel's record of the mapping: its protection, sharing and extent. */
static void check_kernel_view(const struct mk_mapping *m) {
  static const char *const want[] = {"r--s", "rw-s", "rw-p"};
  FILE *maps = fopen("/proc/self/maps", "re");
  if (!maps) fz_fail("harness setup: /proc/self/maps: %s", strerror(errno));
  char line[1024];
  int found = 0;
  while (!found && fgets(line, sizeof line, maps)) {
    unsigned long start, end;
    char perms[8];
    if (sscanf(line, "%lx-%lx %7s", &start, &end, perms) != 3 || start != (uintptr_t)m->addr)
      continue;
    found = 1;
    if (strcmp(perms, want[m->mode]) != 0)
      fz_fail("%s mapping is %s in /proc/self/maps, want %s: %s", mode_names[m->mode], perms,
              want[m->mode], line);
    size_t pages = (m->len + page - 1) / page * page;
    if (end - start != pages)
      fz_fail("%s mapping spans %lu bytes in /proc/self/maps, want %zu (%zu-byte file)",
              mode_names[m->mode], end - start, pages, m->len);
  }
  fclose(maps);
  if (!found) fz_fail("the mapping at %p is not in /proc/self/maps", m->addr);
}

static void free_slot(int k) {
  struct slot *s = &slots[k];
  if (!s->used) return;
  enum mk_map_mode mode = s->m.mode;
  char name[32];
  long rc = mk_unmap(&s->m);
  if (rc != 0) fz_fail("mk_unmap returned %s", fz_err_name(rc, name));
  if (s->m.addr != NULL || s->m.len != 0 || s->m.mode != mode)
    fz_fail("after mk_unmap the mapping is {%p, %zu, %d}, want {NULL, 0, %d}", s->m.addr, s->m.len,
            (int)s->m.mode, (int)mode);
  rc = mk_unmap(&s->m);
  if (rc != 0)
    fz_fail("mk_unmap of an unmapped mapping returned %s, want 0", fz_err_name(rc, name));
  s->used = 0;
}

static void op_map(uint8_t mode_byte, unsigned perms, unsigned variant) {
  int t = (int)(variant % 8);
  enum target target = t <= 2   ? T_FILE
                       : t == 3 ? T_SYMLINK
                       : t == 4 ? T_MISSING
                       : t == 5 ? T_DIRECTORY
                       : t == 6 ? T_FIFO
                                : (variant & 8 ? T_NULL_OUT : T_NULL_PATH);
  enum mk_map_mode mode =
      (enum mk_map_mode)(mode_byte % 4 == 3 ? 3 + mode_byte / 4 : mode_byte % 4);
  const char *path = target == T_SYMLINK     ? p_link
                     : target == T_MISSING   ? p_missing
                     : target == T_DIRECTORY ? p_dir
                     : target == T_FIFO      ? p_fifo
                     : target == T_NULL_PATH ? NULL
                                             : p_file;
  FZ_SYS(fchmod(fd, perms));

  /* A bad mode is -EINVAL; the contract gives no order between that and the path's error. */
  long want = 0, also = 0;
  if (path == NULL || target == T_NULL_OUT) {
    want = -EINVAL;
  } else if (target == T_MISSING) {
    want = -ENOENT;
  } else if (target == T_DIRECTORY) {
    want = -EISDIR;
  } else if (target == T_FIFO) {
    want = -ESPIPE;
  } else if (!(perms & 0400) || (mode == MK_MAP_SHARED_RW && !(perms & 0200))) {
    want = -EACCES;
  }
  if ((unsigned)mode > MK_MAP_PRIVATE) {
    also = want;
    want = -EINVAL;
  }

  int k = 0;
  while (k < MAX_SLOTS && slots[k].used) k++;
  if (k == MAX_SLOTS) free_slot(k = 0);
  struct slot *s = &slots[k];
  const struct mk_mapping sentinel = {(void *)0x1234, 77, MK_MAP_PRIVATE};
  s->m = sentinel;
  int free_fd = lowest_free_fd();
  long rc = mk_map_path(path, mode, target == T_NULL_OUT ? NULL : &s->m);
  if (lowest_free_fd() != free_fd)
    fz_fail("mk_map_path left a file descriptor open (returned %ld)", rc);
  char a[32], b[32];
  if (rc != want && !(also && rc == also))
    fz_fail("mk_map_path(%s, mode %d, permissions 0%03o) returned %s, want %s",
            target_names[target], (int)mode, perms, fz_err_name(rc, a), fz_err_name(want, b));
  if (rc != 0) {
    if (memcmp(&s->m, &sentinel, sizeof sentinel) != 0)
      fz_fail("mk_map_path failed but changed *out to {%p, %zu, %d}", s->m.addr, s->m.len,
              (int)s->m.mode);
    return;
  }
  if (s->m.mode != mode || s->m.len != size || (s->m.addr == NULL) != (size == 0))
    fz_fail("mk_map_path gave {%p, %zu, %d}, want {%s, %zu, %d}", s->m.addr, s->m.len,
            (int)s->m.mode, size ? "an address" : "NULL", size, (int)mode);
  s->used = 1;
  memset(s->owned, 0, max_file / page);
  if (size > 0) check_kernel_view(&s->m);
  check_slot(k);
}

static void op_store(int k, uint64_t off, uint64_t len) {
  struct slot *s = &slots[k];
  if (!s->used || off >= s->m.len || len == 0) return;
  len = min_sz(len, s->m.len - off);
  uint8_t *p = (uint8_t *)s->m.addr + off;
  if (s->m.mode == MK_MAP_SHARED_RO) {
    /* The kernel cannot store into it either: no fault, just EFAULT. */
    errno = 0;
    if (pread(fd, p, 1, 0) != -1 || errno != EFAULT)
      fz_fail("a read-only mapping took a store (pread into it did not fail with EFAULT)");
    return;
  }
  const uint8_t *bytes = noise + op_index % 64;
  if (s->m.mode == MK_MAP_PRIVATE) {
    for (size_t pg = off / page; pg <= (off + len - 1) / page; pg++) {
      if (!s->owned[pg]) memcpy(s->own + pg * page, file + pg * page, page); /* copy on write */
      s->owned[pg] = 1;
    }
    memcpy(s->own + off, bytes, len);
  } else {
    memcpy(file + off, bytes, len);
  }
  memcpy(p, bytes, len);
}

static void op_pwrite(uint64_t off, uint64_t len) {
  if (off > size || len == 0) return;
  len = min_sz(len, max_file - off);
  const uint8_t *bytes = noise + 64 + op_index % 64;
  if (pwrite(fd, bytes, len, (off_t)off) != (ssize_t)len) fz_fail("harness setup: pwrite");
  memcpy(file + off, bytes, len);
  if (off + len > size) size = off + len;
}

static void op_sync(int k, int async) {
  struct slot *s = &slots[k];
  if (!s->used) return;
  char name[32];
  long rc = mk_map_sync(&s->m, async);
  if (rc != 0)
    fz_fail("mk_map_sync(%s, async %d) returned %s, want 0", mode_names[s->m.mode], async,
            fz_err_name(rc, name));
  check_file();
}

static void op_nulls(void) {
  char name[32];
  long rc;
  struct mk_mapping m;
  if ((rc = mk_map_sync(NULL, 0)) != -EINVAL)
    fz_fail("mk_map_sync(NULL) returned %s, want -EINVAL", fz_err_name(rc, name));
  if ((rc = mk_unmap(NULL)) != -EINVAL)
    fz_fail("mk_unmap(NULL) returned %s, want -EINVAL", fz_err_name(rc, name));
  if ((rc = mk_map_path(NULL, MK_MAP_SHARED_RO, &m)) != -EINVAL)
    fz_fail("mk_map_path(NULL path) returned %s, want -EINVAL", fz_err_name(rc, name));
  if ((rc = mk_map_path(p_file, MK_MAP_SHARED_RO, NULL)) != -EINVAL)
    fz_fail("mk_map_path(NULL out) returned %s, want -EINVAL", fz_err_name(rc, name));
}

static void init_once(void) {
  if (fd >= 0) return;
  page = mk_page_size();
  max_file = MAX_FILE_PAGES * page;
  const char *dir = fz_scratch_dir_create("map_path");
#define PATH(var, name) snprintf(var, sizeof var, "%s/%s", dir, name)
  PATH(p_file, "file");
  PATH(p_link, "link");
  PATH(p_missing, "missing");
  PATH(p_dir, "dir");
  PATH(p_fifo, "fifo");
#undef PATH
  fd = open(p_file, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) fz_fail("harness setup: creating %s: %s", p_file, strerror(errno));
  FZ_SYS(symlink("file", p_link));
  FZ_SYS(mkdir(p_dir, 0700));
  FZ_SYS(mkfifo(p_fifo, 0600));
  drop_file_capabilities();
  noise = malloc(max_file + 128);
  scratch = malloc(max_file + 1);
  file = malloc(max_file);
  for (int i = 0; i < MAX_SLOTS; i++) {
    slots[i].own = malloc(max_file);
    slots[i].owned = malloc(MAX_FILE_PAGES);
  }
  if (!noise || !scratch || !file || !slots[MAX_SLOTS - 1].owned) fz_fail("setup: out of memory");
  uint32_t x = 0x2545f491; /* xorshift32: fixed, so runs are reproducible */
  for (size_t i = 0; i < max_file + 128; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    noise[i] = (uint8_t)(x | 1); /* never 0: a store that does not land shows */
  }
  fz_describe = describe;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len) {
  init_once();
  struct fz_input in = fz_make(data, len);
  op_kind = -1;
  size = fz_biased(&in, page, page, max_file);
  FZ_SYS(fchmod(fd, 0600));
  FZ_SYS(ftruncate(fd, 0));
  memcpy(file, noise + 32, size);
  memset(file + size, 0, max_file - size);
  if (pwrite(fd, file, size, 0) != (ssize_t)size) fz_fail("harness setup: pwrite");

  for (op_index = 0; op_index < MAX_OPS && in.n > 0; op_index++) {
    uint8_t op = fz_u8(&in);
    unsigned variant = op >> 3;
    op_kind = op % 8;
    memset(op_arg, 0, sizeof op_arg);
    switch (op_kind) {
      case MAP:
        op_arg[0] = fz_u8(&in);
        op_arg[1] = fz_u16(&in) & 0777;
        op_map((uint8_t)op_arg[0], (unsigned)op_arg[1], variant);
        break;
      case STORE:
        op_arg[0] = fz_u8(&in) % MAX_SLOTS;
        op_arg[1] = (long)fz_biased(&in, page, size ? size : page, max_file);
        op_arg[2] = (long)fz_biased(&in, page, 64, max_file);
        op_store((int)op_arg[0], (uint64_t)op_arg[1], (uint64_t)op_arg[2]);
        break;
      case PWRITE:
        op_arg[0] = (long)fz_biased(&in, page, size ? size : page, max_file);
        op_arg[1] = (long)fz_biased(&in, page, 64, max_file);
        op_pwrite((uint64_t)op_arg[0], (uint64_t)op_arg[1]);
        break;
      case CHECK:
        op_arg[0] = fz_u8(&in) % MAX_SLOTS;
        check_slot((int)op_arg[0]);
        break;
      case SYNC:
        op_arg[0] = fz_u8(&in) % MAX_SLOTS;
        op_sync((int)op_arg[0], variant & 1);
        break;
      case UNMAP:
        op_arg[0] = fz_u8(&in) % MAX_SLOTS;
        free_slot((int)op_arg[0]);
        break;
      case NULLS:
        op_nulls();
        break;
      default:
        for (int k = 0; k < MAX_SLOTS; k++) check_slot(k);
        check_file();
        break;
    }
  }
  op_kind = -1;
  for (int k = 0; k < MAX_SLOTS; k++) check_slot(k);
  check_file();
  for (int k = 0; k < MAX_SLOTS; k++) free_slot(k);
  return 0;
}
