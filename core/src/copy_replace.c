/* Replacing an existing destination by rename without losing what cp keeps
 * when it writes into the file: the checks that tell when a rename cannot
 * keep it whole, and the owner, group, extended attributes (ACLs included)
 * and mode given to the copy before it takes the destination's place. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "copy_internal.h"

/* The access ACL a new file inherits from a default ACL of its directory. */
static const char kAccessAcl[] = "system.posix_acl_access";

/* Whether path is the root of a mount (a file bind-mounted over another):
 * rename cannot replace it (EBUSY). Unknown (old kernel) counts as no. */
static int is_mount_point(const char *path) {
#ifdef STATX_ATTR_MOUNT_ROOT
  struct statx stx;
  if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, 0, &stx) == 0 &&
      (stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)) {
    return (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
  }
#else
  (void)path;
#endif
  return 0;
}

int mk__copy_check_replaceable(const char *path, const char *dir, const struct stat *st) {
  if (st->st_nlink > 1) return -EMLINK;
  if (is_mount_point(path)) return -EBUSY;
  /* The copy is created beside the file: its directory must take new names. */
  if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) != 0) return -errno;
  return 0;
}

/* A list of extended attribute names (NUL-separated, as listxattr gives). */
struct names {
  char *buf;
  size_t len;
};

/* The names of path's (fd >= 0: fd's) extended attributes. A file system
 * without them has none. */
static int list_names(const char *path, int fd, struct names *n) {
  n->buf = NULL;
  n->len = 0;
  for (;;) {
    ssize_t size = fd >= 0 ? flistxattr(fd, NULL, 0) : listxattr(path, NULL, 0);
    if (size < 0) return errno == ENOTSUP ? 0 : -errno;
    if (size == 0) return 0;
    char *buf = malloc((size_t)size);
    if (buf == NULL) return -ENOMEM;
    ssize_t got = fd >= 0 ? flistxattr(fd, buf, (size_t)size) : listxattr(path, buf, (size_t)size);
    if (got >= 0) {
      n->buf = buf;
      n->len = (size_t)got;
      return 0;
    }
    free(buf);
    if (errno != ERANGE) return -errno; /* ERANGE: a name was added meanwhile */
  }
}

static int has_name(const struct names *n, const char *name) {
  for (size_t i = 0; i < n->len; i += strlen(n->buf + i) + 1) {
    if (strcmp(n->buf + i, name) == 0) return 1;
  }
  return 0;
}

/* Sets attribute name of fd to its value on path. */
static int copy_value(const char *path, const char *name, int fd) {
  for (;;) {
    ssize_t size = getxattr(path, name, NULL, 0);
    if (size < 0) return errno == ENODATA ? 0 : -errno; /* removed meanwhile */
    char *value = malloc(size > 0 ? (size_t)size : 1);
    if (value == NULL) return -ENOMEM;
    ssize_t got = getxattr(path, name, value, (size_t)size);
    int rc = 0;
    if (got >= 0) {
      rc = fsetxattr(fd, name, value, (size_t)got, 0) == 0 ? 0 : -errno;
    } else {
      rc = errno == ERANGE ? 1 : -errno; /* ERANGE: the value grew meanwhile */
    }
    free(value);
    if (rc <= 0) return rc;
  }
}

/* fd gets exactly the extended attributes of path. Two exceptions, both
 * following what writing into the file (cp) leaves: security.capability is
 * not copied (the kernel removes it from a file that is written), and
 * attributes the kernel or a security module gives every new file stay
 * when they cannot be removed; an inherited access ACL must go, though. */
static int copy_xattrs(const char *path, int fd) {
  struct names want = {NULL, 0}, have = {NULL, 0};
  int rc = list_names(path, -1, &want);
  if (rc == 0) rc = list_names(NULL, fd, &have);
  for (size_t i = 0; rc == 0 && i < have.len; i += strlen(have.buf + i) + 1) {
    const char *name = have.buf + i;
    if (has_name(&want, name)) continue;
    if (fremovexattr(fd, name) != 0 && strcmp(name, kAccessAcl) == 0) rc = -errno;
  }
  for (size_t i = 0; rc == 0 && i < want.len; i += strlen(want.buf + i) + 1) {
    const char *name = want.buf + i;
    if (strcmp(name, "security.capability") != 0) rc = copy_value(path, name, fd);
  }
  free(want.buf);
  free(have.buf);
  return rc;
}

int mk__copy_keep_attributes(int fd, const char *path, const struct stat *st) {
  struct stat now;
  if (fstat(fd, &now) != 0) return -errno;
  /* Only root may give a file away; anyone may keep their own. */
  if ((now.st_uid != st->st_uid || now.st_gid != st->st_gid) &&
      fchown(fd, st->st_uid, st->st_gid) != 0) {
    return -errno;
  }
  int rc = copy_xattrs(path, fd);
  if (rc != 0) return rc;
  /* After chown, which clears set-user-ID and set-group-ID; after the ACL,
   * whose entries match these bits already. */
  if (fchmod(fd, st->st_mode & 07777) != 0) return -errno;
  /* cp opens the existing file with O_TRUNC: unless the process has
   * CAP_FSETID, the kernel then drops set-user-ID (and group-executable
   * set-group-ID). Truncating the copy lets the kernel apply the same rule. */
  if (ftruncate(fd, 0) != 0) return -errno;
  return 0;
}
