/* CORE.COPY.PAST_END_ENODATA: fstat() of a read-only descriptor reports a stale size one
 * page larger than the file (as a network file system with cached attributes
 * may), so mk_copy_range maps past EOF and meets SIGBUS instead of refusing the
 * range up front. */
#include <fcntl.h>
#include <sys/stat.h>

#include "conformance/shims/shim.h"

static int stale_fstat(int fd, struct stat *st) {
  int rc = mk_real_fstat(fd, st);
  struct mk_fd facts;
  if (mk_armed() && rc == 0 && S_ISREG(st->st_mode) && mk_fd_facts(fd, &facts) &&
      (facts.flags & O_ACCMODE) == O_RDONLY) {
    st->st_size += (off_t)mk_page();
  }
  return rc;
}

MK_INTERPOSE int fstat(int fd, struct stat *st) {
  return stale_fstat(fd, st);
}

/* struct stat64 and struct stat are the same on LP64 Linux. */
MK_INTERPOSE int fstat64(int fd, struct stat64 *st) {
  return stale_fstat(fd, (struct stat *)st);
}
