/* MK_COPY_PRESERVE, cp -p: the copy gets the source's owner and group where
 * permitted, its mode and access ACL, and last its times. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "copy_internal.h"

static const char kAccessAcl[] = "system.posix_acl_access";

/* fd's access ACL becomes src_fd's, or goes when src_fd has none. A file
 * system without ACLs on either side has nothing to give: the mode carries
 * the permission bits. */
static int copy_access_acl(int src_fd, int fd) {
  for (;;) {
    ssize_t size = fgetxattr(src_fd, kAccessAcl, NULL, 0);
    if (size < 0 && (errno == ENODATA || errno == ENOTSUP)) {
      if (fremovexattr(fd, kAccessAcl) == 0 || errno == ENODATA || errno == ENOTSUP) return 0;
      return -errno;
    }
    if (size < 0) return -errno;
    char *value = malloc(size > 0 ? (size_t)size : 1);
    if (value == NULL) return -ENOMEM;
    ssize_t got = fgetxattr(src_fd, kAccessAcl, value, (size_t)size);
    int rc = 0;
    if (got >= 0) {
      if (fsetxattr(fd, kAccessAcl, value, (size_t)got, 0) != 0 && errno != ENOTSUP) rc = -errno;
    } else {
      rc = errno == ERANGE ? 1 : -errno; /* ERANGE: the ACL grew meanwhile */
    }
    free(value);
    if (rc <= 0) return rc;
  }
}

int mk__copy_preserve(int fd, int src_fd, const struct stat *st) {
  mode_t mode = st->st_mode & 07777;
  /* As cp -p: only root may give a file away, anyone may set a group they
   * are in; not being allowed is no error, but then the special bits would
   * belong to the wrong owner or group and are not given. */
  if (fchown(fd, st->st_uid, st->st_gid) != 0) {
    if (errno != EPERM && errno != EINVAL) return -errno;
    if (fchown(fd, (uid_t)-1, st->st_gid) != 0) {
      /* Not in the group either: the caller's group stays. */
    }
    mode &= ~(mode_t)(S_ISUID | S_ISGID | S_ISVTX);
  }
  /* The ACL before the mode: chmod then sets the ACL's mask from the group
   * bits, which in a file with an ACL are that mask already. */
  int rc = copy_access_acl(src_fd, fd);
  if (rc != 0) return rc;
  if (fchmod(fd, mode) != 0) return -errno;
  /* Last: every write before would change the modification time. */
  const struct timespec times[2] = {st->st_atim, st->st_mtim};
  if (futimens(fd, times) != 0) return -errno;
  return 0;
}
