/* The files bench_copy copies: sources with a pattern that differs in every
 * MiB (a misplaced window cannot go unnoticed), page-cache preloading, cache
 * dropping, and the byte-for-byte check of every destination. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "tools/bench/support.h"
#include "tools/bench_common/bench_common.h"

enum { IO_CHUNK = 1 << 20 };

/* xorshift64, seeded by the 8-byte word's offset in the file: no run of
 * pages repeats and no page is all zeros. */
void bench_fill_pattern(char *buf, uint64_t off, size_t len) {
  uint64_t x = (off / 8 + 1) * 0x9E3779B97F4A7C15ull;
  size_t lead = (size_t)(off % 8);
  for (size_t i = 0; i < len;) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    unsigned char word[8];
    memcpy(word, &x, 8);
    for (size_t j = lead; j < 8 && i < len; j++) buf[i++] = (char)word[j];
    lead = 0;
  }
}

int bench_make_source(const char *path, uint64_t size) {
  char *buf = malloc(IO_CHUNK);
  if (buf == NULL) return -ENOMEM;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int rc = fd < 0 ? -errno : 0;
  for (uint64_t off = 0; rc == 0 && off < size; off += IO_CHUNK) {
    size_t n = size - off < IO_CHUNK ? (size_t)(size - off) : IO_CHUNK;
    bench_fill_pattern(buf, off, n);
    rc = bench_write_full(fd, buf, n);
  }
  /* Clean pages: writeback of the source must not run during the copies. */
  if (rc == 0 && fsync(fd) != 0) rc = -errno;
  if (fd >= 0) close(fd);
  free(buf);
  return rc;
}

/* Fraction of path's pages in the page cache, or -1. */
static double resident(int fd, uint64_t size) {
  if (size == 0) return 1.0;
  void *p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return -1;
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t pages = (size + page - 1) / page;
  unsigned char *vec = malloc(pages);
  double frac = -1;
  if (vec != NULL && mincore(p, size, vec) == 0) {
    size_t in = 0;
    for (size_t i = 0; i < pages; i++) in += vec[i] & 1;
    frac = (double)in / (double)pages;
  }
  free(vec);
  munmap(p, size);
  return frac;
}

double bench_preload(const char *path, uint64_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  double frac = resident(fd, size);
  if (frac >= 0 && frac < 1.0) {
    char *buf = malloc(IO_CHUNK);
    while (buf != NULL && read(fd, buf, IO_CHUNK) > 0) {
    }
    free(buf);
    frac = resident(fd, size);
  }
  close(fd);
  return frac;
}

int bench_prewarm(uint64_t bytes) {
  /* A margin over the copy's size: its metadata and the kernel's own pages. */
  bytes += bytes / 4 + (4u << 20);
  char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return -errno;
  /* Huge pages: large page-cache folios (ext4) are allocated as whole 2 MiB
   * blocks, and only blocks freed whole come back warm; 4 KiB pages would
   * leave the 2 MiB blocks cold. Touch every page in case THP is refused. */
  (void)madvise(p, bytes, MADV_HUGEPAGE);
  for (uint64_t off = 0; off < bytes; off += 4096) p[off] = 1;
  munmap(p, bytes);
  return 0;
}

int bench_drop_caches(const char *dir) {
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    syncfs(dfd); /* only clean pages can be dropped */
    close(dfd);
  }
  int fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  int rc = write(fd, "1", 1) == 1 ? 0 : -errno;
  close(fd);
  return rc;
}

static ssize_t read_full(int fd, char *buf, size_t n, uint64_t off) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = pread(fd, buf + got, n - got, (off_t)(off + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    got += (size_t)r;
  }
  return (ssize_t)got;
}

int bench_verify(const char *src, const char *dst, uint64_t size, char *err, size_t errlen) {
  struct stat st;
  if (stat(dst, &st) != 0) {
    snprintf(err, errlen, "verify: stat %s: %s", dst, strerror(errno));
    return -1;
  }
  if ((uint64_t)st.st_size != size) {
    snprintf(err, errlen, "verify: %s has %lld bytes, want %llu", dst, (long long)st.st_size,
             (unsigned long long)size);
    return -1;
  }
  int a = open(src, O_RDONLY | O_CLOEXEC);
  int b = open(dst, O_RDONLY | O_CLOEXEC);
  char *x = malloc(IO_CHUNK);
  char *y = malloc(IO_CHUNK);
  int rc = (a < 0 || b < 0 || x == NULL || y == NULL) ? -1 : 0;
  if (rc != 0) snprintf(err, errlen, "verify: cannot open or allocate: %s", strerror(errno));
  for (uint64_t off = 0; rc == 0 && off < size; off += IO_CHUNK) {
    size_t n = size - off < IO_CHUNK ? (size_t)(size - off) : IO_CHUNK;
    if (read_full(a, x, n, off) != (ssize_t)n || read_full(b, y, n, off) != (ssize_t)n) {
      snprintf(err, errlen, "verify: short read at %llu", (unsigned long long)off);
      rc = -1;
    } else if (memcmp(x, y, n) != 0) {
      size_t i = 0;
      while (x[i] == y[i]) i++;
      snprintf(err, errlen, "verify: %s differs from the source at byte %llu", dst,
               (unsigned long long)(off + i));
      rc = -1;
    }
  }
  free(x);
  free(y);
  if (a >= 0) close(a);
  if (b >= 0) close(b);
  return rc;
}

void bench_remove_scratch(const char *dir) {
  DIR *d = opendir(dir);
  if (d != NULL) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      char p[PATH_MAX];
      snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
      unlink(p);
    }
    closedir(d);
  }
  rmdir(dir);
}

int bench_add_fs(const char *prog, struct bench_fs *fs, int *nfs, const char *base, uint64_t need) {
  struct stat st;
  struct statfs sf;
  struct statvfs sv;
  if (stat(base, &st) != 0 || statfs(base, &sf) != 0 || statvfs(base, &sv) != 0) {
    fprintf(stderr, "%s: skipping %s: %s\n", prog, base, strerror(errno));
    return 0;
  }
  for (int i = 0; i < *nfs; i++) {
    struct stat o;
    if (stat(fs[i].dir, &o) == 0 && o.st_dev == st.st_dev) {
      fprintf(stderr, "%s: skipping %s: same file system as %s\n", prog, base, fs[i].label);
      return 0;
    }
  }
  uint64_t avail = (uint64_t)sv.f_bavail * sv.f_frsize;
  if (avail < need) {
    fprintf(stderr, "%s: %s has %llu MiB free, the sizes need %llu MiB\n", prog, base,
            (unsigned long long)(avail >> 20), (unsigned long long)(need >> 20));
    return -1;
  }
  struct bench_fs *f = &fs[*nfs];
  snprintf(f->label, sizeof f->label, "%s %s", bench_fs_type_name((long)sf.f_type), base);
  if (asprintf(&f->dir, "%s/%s.XXXXXX", base, prog) < 0 || mkdtemp(f->dir) == NULL) {
    fprintf(stderr, "%s: cannot create a directory in %s: %s\n", prog, base, strerror(errno));
    return -1;
  }
  (*nfs)++;
  return 0;
}
