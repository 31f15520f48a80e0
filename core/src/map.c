/* Whole-file mappings in three modes (see mmapkit/map.h). */
#define _GNU_SOURCE
#include "mmapkit/map.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "large_files.h"

static int open_flags(enum mk_map_mode mode) {
  /* O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can
   * reject it; it has no effect on a regular file. */
  int common = O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  /* A private mapping never writes the file: read permission is enough. */
  return (mode == MK_MAP_SHARED_RW ? O_RDWR : O_RDONLY) | common;
}

static int is_valid_mode(enum mk_map_mode mode) {
  return mode == MK_MAP_SHARED_RO || mode == MK_MAP_SHARED_RW || mode == MK_MAP_PRIVATE;
}

/* Maps the open regular file fd; the caller closes fd. */
static int map_fd(int fd, enum mk_map_mode mode, struct mk_mapping *out) {
  struct stat st;
  if (fstat(fd, &st) != 0) return -errno;
  int rc = mk__check_file_type(st.st_mode);
  if (rc != 0) return rc;

  /* On a 32-bit ABI a file can be larger than any mapping length. */
  if ((uint64_t)st.st_size > SIZE_MAX) return -EOVERFLOW;

  struct mk_mapping m = {NULL, (size_t)st.st_size, mode};
  if (m.len > 0) {
    int prot = mode == MK_MAP_SHARED_RO ? PROT_READ : PROT_READ | PROT_WRITE;
    int flags = mode == MK_MAP_PRIVATE ? MAP_PRIVATE : MAP_SHARED;
    void *addr = mmap(NULL, m.len, prot, flags, fd, 0);
    if (addr == MAP_FAILED) return -errno;
    m.addr = addr;
  }
  *out = m;
  return 0;
}

int mk_map_path(const char *path, enum mk_map_mode mode, struct mk_mapping *out) {
  if (path == NULL || out == NULL || !is_valid_mode(mode)) return -EINVAL;
  int fd = open(path, open_flags(mode));
  if (fd < 0) return -errno;
  int rc = map_fd(fd, mode, out);
  close(fd); /* the mapping, if any, keeps its own reference to the file */
  return rc;
}

int mk_map_sync(const struct mk_mapping *m, int async) {
  if (m == NULL) return -EINVAL;
  if (m->len == 0) return 0;
  if (msync(m->addr, m->len, async ? MS_ASYNC : MS_SYNC) != 0) return -errno;
  return 0;
}

int mk_unmap(struct mk_mapping *m) {
  if (m == NULL) return -EINVAL;
  if (m->len == 0) return 0;
  if (munmap(m->addr, m->len) != 0) return -errno;
  m->addr = NULL;
  m->len = 0;
  return 0;
}
