/* MMAP.SHARED.VISIBLE_TO_READ: pread() is served from a cache that stores through a
 * writable MAP_SHARED mapping reach only at msync() or munmap() (a platform
 * without a unified buffer cache). write(), pwrite() and ftruncate() of the
 * file refresh the cache. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

/* The file's bytes as of the last mmap, msync or munmap, per mapped file. */
struct cache {
  void *map;
  size_t map_len;
  dev_t dev;
  ino_t ino;
  char *bytes;
  size_t len;
};
enum { kMaxCaches = 32 };
static struct cache g_caches[kMaxCaches];

static void drop(struct cache *c) {
  free(c->bytes);
  c->bytes = NULL;
  c->map = NULL;
}

static void drop_mapped(const void *addr, size_t len) {
  for (struct cache *c = g_caches; c < g_caches + kMaxCaches; c++) {
    if (c->map != NULL && (char *)c->map < (const char *)addr + len &&
        (const char *)addr < (char *)c->map + c->map_len) {
      drop(c);
    }
  }
}

static struct cache *cache_of(int fd) {
  struct mk_fd facts;
  if (!mk_fd_regular(fd, &facts)) return NULL;
  for (struct cache *c = g_caches; c < g_caches + kMaxCaches; c++) {
    if (c->map != NULL && c->dev == facts.st.st_dev && c->ino == facts.st.st_ino) return c;
  }
  return NULL;
}

static void drop_file(int fd) {
  for (struct cache *c = cache_of(fd); c != NULL; c = cache_of(fd)) drop(c);
}

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  void *p = mk_real_mmap(addr, len, prot, flags, fd, off);
  struct mk_fd facts;
  if (!mk_armed() || p == MAP_FAILED || !(flags & MAP_SHARED) || !(prot & PROT_WRITE) ||
      (flags & MAP_ANONYMOUS) || !mk_fd_regular(fd, &facts)) {
    return p;
  }
  for (struct cache *c = g_caches; c < g_caches + kMaxCaches; c++) {
    if (c->map != NULL) continue;
    size_t size = (size_t)facts.st.st_size;
    *c = (struct cache){p, len, facts.st.st_dev, facts.st.st_ino, malloc(size ? size : 1), 0};
    if (c->bytes != NULL) c->len = mk_pread_all(fd, c->bytes, size, 0);
    break;
  }
  return p;
}
MK_ALIAS64(mmap);

MK_INTERPOSE int munmap(void *addr, size_t len) {
  drop_mapped(addr, len);
  return mk_real_munmap(addr, len);
}

MK_INTERPOSE int msync(void *addr, size_t len, int flags) {
  drop_mapped(addr, len);
  return mk_real_msync(addr, len, flags);
}

MK_INTERPOSE ssize_t pread(int fd, void *buf, size_t n, off_t off) {
  /* The kernel's read first: it checks buf (EFAULT) as a real read would. */
  ssize_t r = mk_real_pread(fd, buf, n, off);
  struct cache *c = mk_armed() && r >= 0 ? cache_of(fd) : NULL;
  if (c == NULL || c->bytes == NULL || off < 0) return r;
  if ((size_t)off >= c->len) return 0;
  if ((size_t)r > c->len - (size_t)off) r = (ssize_t)(c->len - (size_t)off);
  memcpy(buf, c->bytes + off, (size_t)r);
  return r;
}
MK_ALIAS64(pread);

MK_INTERPOSE ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
  drop_file(fd);
  return mk_real_pwrite(fd, buf, n, off);
}
MK_ALIAS64(pwrite);

MK_INTERPOSE ssize_t write(int fd, const void *buf, size_t n) {
  drop_file(fd);
  return mk_real_write(fd, buf, n);
}

MK_INTERPOSE int ftruncate(int fd, off_t len) {
  drop_file(fd);
  return mk_real_ftruncate(fd, len);
}
MK_ALIAS64(ftruncate);
