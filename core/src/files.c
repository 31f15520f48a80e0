/* File types and full writes shared by the copy and the mappings (files.h). */
#define _GNU_SOURCE
#include "files.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "large_files.h"

int mk__check_file_type(mode_t mode) {
  if (S_ISREG(mode)) return 0;
  if (S_ISDIR(mode)) return -EISDIR;
  if (S_ISFIFO(mode) || S_ISSOCK(mode)) return -ESPIPE;
  return -EINVAL;
}

int mk__write_full(int fd, const void *buf, size_t n, off_t off) {
  const char *p = buf;
  while (n > 0) {
    ssize_t w = off < 0 ? write(fd, p, n) : pwrite(fd, p, n, off);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return -errno;
    if (w == 0) return -EIO;
    p += w;
    n -= (size_t)w;
    if (off >= 0) off += w;
  }
  return 0;
}
