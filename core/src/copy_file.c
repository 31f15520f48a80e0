/* mk_copy_file: open and check the source, resolve and check the
 * destination, then either fill a temporary file beside it and rename that
 * over it only when everything succeeded, or (MK_COPY_IN_PLACE, existing
 * destination) write into the destination itself (see mmapkit/copy.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "copy_internal.h"
#include "files.h"

/* Longest part of dst's name reused in the temporary file's name, so that
 * ".<name>.mmapkit-XXXXXX" stays within NAME_MAX (255). */
enum { TEMP_NAME_PART = 200 };
/* Symbolic links followed from dst before giving up, as the kernel does. */
enum { MAX_LINKS = 40 };

struct source {
  int fd;
  struct stat st;
};

struct target {
  char *path; /* the file to create or replace: dst, or where its symbolic links lead */
  char *dir;  /* its directory, for the temporary file and MK_COPY_SYNC */
  int exists; /* path names an existing file, described by st */
  struct stat st;
  char *tmp; /* the temporary file; NULL once renamed (or never created) */
  int fd;    /* the temporary file, or the existing file written in place */
};

/* stat first, as cp does: a path that leads nowhere is told apart from a
 * file that cannot be opened. The type is checked before opening, so a FIFO
 * is refused without waiting for a writer. */
static int open_source(const char *src, struct source *s, enum mk_copy_step *step) {
  *step = MK_COPY_STEP_STAT_SOURCE;
  if (stat(src, &s->st) != 0) return -errno;
  *step = MK_COPY_STEP_OPEN_SOURCE;
  int rc = mk__check_file_type(s->st.st_mode);
  if (rc != 0) return rc;
  /* O_NONBLOCK: should a FIFO take the file's place meanwhile, opening it
   * must not wait for a writer before the check below refuses it. */
  s->fd = open(src, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (s->fd < 0) return -errno;
  if (fstat(s->fd, &s->st) != 0) return -errno;
  rc = mk__check_file_type(s->st.st_mode);
  if (rc != 0) return rc;
  int fl = fcntl(s->fd, F_GETFL);
  if (fl < 0 || fcntl(s->fd, F_SETFL, fl & ~O_NONBLOCK) != 0) return -errno;
  return 0;
}

/* Splits t->path into t->dir; refuses an empty name and one ending in '/'. */
static int split_path(struct target *t) {
  if (t->path[0] == '\0') return -ENOENT; /* like open("") */
  const char *slash = strrchr(t->path, '/');
  if (slash != NULL && slash[1] == '\0') return -ENOTDIR; /* "x/" that is no directory */
  if (slash == NULL) {
    t->dir = strdup(".");
  } else if (slash == t->path) {
    t->dir = strdup("/");
  } else {
    t->dir = strndup(t->path, (size_t)(slash - t->path));
  }
  return t->dir != NULL ? 0 : -ENOMEM;
}

/* The target of the symbolic link at path (newly allocated) into *out. */
static int read_link(const char *path, char **out) {
  for (size_t size = 256;; size *= 2) {
    char *buf = malloc(size);
    if (buf == NULL) return -ENOMEM;
    ssize_t n = readlink(path, buf, size);
    if (n >= 0 && (size_t)n < size) {
      buf[n] = '\0';
      *out = buf;
      return 0;
    }
    free(buf);
    if (n < 0) return -errno;
  }
}

/* Follows the symbolic links of path's last component to the file they lead
 * to, as a path relative to the same starting point: unlike realpath, this
 * never needs the full name of the working directory (which an unprivileged
 * process may not be allowed to look up from /). */
static int follow_links(const char *path, char **out) {
  char *p = strdup(path);
  if (p == NULL) return -ENOMEM;
  for (int i = 0; i <= MAX_LINKS; i++) {
    struct stat st;
    if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode)) {
      *out = p; /* an error shows again when the file is used */
      return 0;
    }
    char *link = NULL;
    int rc = read_link(p, &link);
    if (rc != 0) {
      free(p);
      return rc;
    }
    char *next = link;
    const char *slash = strrchr(p, '/');
    if (link[0] != '/' && slash != NULL) {
      /* Relative to the directory holding the link. */
      int len = (int)(slash - p + 1);
      if (asprintf(&next, "%.*s%s", len, p, link) < 0) next = NULL;
      free(link);
      if (next == NULL) {
        free(p);
        return -ENOMEM;
      }
    }
    free(p);
    p = next;
  }
  free(p);
  return -ELOOP;
}

/* dst -> the file to create or replace, and the checks on it. Nothing is
 * opened for writing here. */
static int resolve_target(const char *dst, const struct source *s, struct target *t,
                          enum mk_copy_step *step) {
  struct stat st;
  *step = MK_COPY_STEP_STAT_DEST;
  if (lstat(dst, &st) != 0) {
    if (errno != ENOENT) return -errno;
    t->path = strdup(dst); /* a new file */
    if (t->path == NULL) return -ENOMEM;
    *step = MK_COPY_STEP_CREATE_DEST;
    return split_path(t);
  }
  int rc = 0;
  if (S_ISLNK(st.st_mode)) {
    if (stat(dst, &st) != 0) return -errno; /* a dangling link: -ENOENT */
    rc = follow_links(dst, &t->path);
  } else {
    t->path = strdup(dst);
    if (t->path == NULL) rc = -ENOMEM;
  }
  if (rc != 0) return rc;
  t->exists = 1;
  t->st = st;

  if (st.st_dev == s->st.st_dev && st.st_ino == s->st.st_ino) {
    *step = MK_COPY_STEP_SAME_FILE;
    return -EINVAL;
  }
  rc = mk__check_file_type(st.st_mode);
  if (rc != 0) return rc;
  /* Like cp: an existing file we may not write is not replaced either. */
  *step = MK_COPY_STEP_CREATE_DEST;
  if (faccessat(AT_FDCWD, t->path, W_OK, AT_EACCESS) != 0) return -errno;
  return split_path(t);
}

/* Six random letters and digits over the X's at the end of name. */
static void randomize(char *name) {
  static const char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char r[6];
  if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    unsigned long x = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16);
    for (size_t i = 0; i < sizeof r; i++, x = x * 1103515245u + 12345u)
      r[i] = (unsigned char)(x >> 16);
  }
  char *x = name + strlen(name) - sizeof r;
  for (size_t i = 0; i < sizeof r; i++) x[i] = kChars[r[i] % (sizeof kChars - 1)];
}

/* ".<name>.mmapkit-XXXXXX" in t->dir, created with mode: the kernel applies
 * the umask, or a default ACL of the directory, exactly as for a file cp
 * creates (mkstemp would create it 0600, and a later chmod would bypass
 * both). */
static int create_temp(struct target *t, mode_t mode) {
  const char *slash = strrchr(t->path, '/');
  const char *name = slash != NULL ? slash + 1 : t->path;
  size_t size = strlen(t->dir) + TEMP_NAME_PART + 32;
  t->tmp = malloc(size);
  if (t->tmp == NULL) return -ENOMEM;
  for (int attempt = 0; attempt < 100; attempt++) {
    snprintf(t->tmp, size, "%s/.%.*s.mmapkit-XXXXXX", t->dir, (int)TEMP_NAME_PART, name);
    randomize(t->tmp);
    t->fd = open(t->tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, mode);
    if (t->fd >= 0) return 0;
    if (errno != EEXIST) break;
  }
  int err = errno;
  free(t->tmp);
  t->tmp = NULL;
  return -err;
}

static int sync_directory(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -errno;
  int rc = fsync(fd) != 0 ? -errno : 0;
  close(fd);
  return rc;
}

static enum mk_copy_step side_step(enum mk__copy_side side) {
  switch (side) {
    case MK_COPY_SIDE_SOURCE:
      return MK_COPY_STEP_READ_SOURCE;
    case MK_COPY_SIDE_DEST:
      return MK_COPY_STEP_WRITE_DEST;
    case MK_COPY_SIDE_NONE:
    default:
      return MK_COPY_STEP_NONE;
  }
}

/* The data into t->fd, src's attributes if asked (after the data: writing
 * changes the times), then the sync and the last chance to cancel. */
static int fill(const struct mk__copy_plan *plan, const struct source *s, struct target *t,
                uint64_t *copied, enum mk_copy_step *step) {
  enum mk__copy_side side = MK_COPY_SIDE_NONE;
  int rc = mk__copy_whole(plan, s->fd, &s->st, t->fd, copied, &side);
  *step = side_step(side);
  if (rc != 0) return rc;
  if (plan->flags & MK_COPY_PRESERVE) {
    *step = MK_COPY_STEP_KEEP_ATTRS;
    rc = mk__copy_preserve(t->fd, s->fd, &s->st);
    if (rc != 0) return rc;
  }
  *step = MK_COPY_STEP_WRITE_DEST;
  if ((plan->flags & MK_COPY_SYNC) && fsync(t->fd) != 0) return -errno;
  int fd = t->fd;
  t->fd = -1;
  if (close(fd) != 0) return -errno; /* NFS reports write errors here */
  *step = MK_COPY_STEP_NONE;
  return mk__copy_progress(plan, *copied, *copied);
}

/* Commits the temporary file: a new file must not replace one created
 * meanwhile by someone else (RENAME_NOREPLACE, where the file system has it). */
static int commit(const struct mk__copy_plan *plan, struct target *t, enum mk_copy_step *step) {
  int rc;
  if (t->exists) {
    *step = MK_COPY_STEP_RENAME_DEST;
    rc = rename(t->tmp, t->path);
  } else {
    *step = MK_COPY_STEP_CREATE_DEST;
    rc = renameat2(AT_FDCWD, t->tmp, AT_FDCWD, t->path, RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) rc = rename(t->tmp, t->path);
  }
  if (rc != 0) return -errno;
  free(t->tmp);
  t->tmp = NULL; /* it is dst now */
  /* After the rename: dst is already replaced if this fails (documented). */
  if (plan->flags & MK_COPY_SYNC) return sync_directory(t->dir);
  return 0;
}

/* A temporary file beside dst, filled, then renamed over dst. An existing
 * dst is checked first: its links, its directory, its attributes. */
static int copy_by_rename(const struct mk__copy_plan *plan, const struct source *s,
                          struct target *t, uint64_t *copied, enum mk_copy_step *step) {
  int rc = 0;
  if (t->exists) {
    *step = MK_COPY_STEP_KEEP_DEST;
    rc = mk__copy_check_replaceable(t->path, t->dir, &t->st);
    if (rc != 0) return rc;
  }
  /* cp creates a new file with the source's permission bits, nothing more;
   * the copy of an existing file gets that file's mode below. */
  *step = MK_COPY_STEP_CREATE_DEST;
  rc = create_temp(t, t->exists ? S_IRUSR | S_IWUSR : s->st.st_mode & 0777);
  if (rc != 0) return rc;
  if (t->exists) {
    *step = MK_COPY_STEP_KEEP_ATTRS;
    rc = mk__copy_keep_attributes(t->fd, t->path, &t->st);
    if (rc != 0) return rc;
  }
  rc = fill(plan, s, t, copied, step);
  if (rc == 0) rc = commit(plan, t, step);
  return rc;
}

/* MK_COPY_IN_PLACE: into the existing file itself. It is opened without
 * O_TRUNC: a reservation that fails leaves it as it was. */
static int copy_in_place(const struct mk__copy_plan *plan, const struct source *s, struct target *t,
                         uint64_t *copied, enum mk_copy_step *step) {
  /* Only the strategies that map the destination need to read it. */
  int access = plan->strategy == MK_COPY_MAP_SRC_WRITE ? O_WRONLY : O_RDWR;
  *step = MK_COPY_STEP_CREATE_DEST;
  t->fd = open(t->path, access | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (t->fd < 0) return -errno;
  /* The file checked above may have been replaced meanwhile: check again. */
  struct stat st;
  *step = MK_COPY_STEP_STAT_DEST;
  if (fstat(t->fd, &st) != 0) return -errno;
  int rc = mk__check_file_type(st.st_mode);
  if (rc != 0) return rc;
  if (st.st_dev == s->st.st_dev && st.st_ino == s->st.st_ino) {
    *step = MK_COPY_STEP_SAME_FILE;
    return -EINVAL;
  }
  int fl = fcntl(t->fd, F_GETFL);
  if (fl < 0 || fcntl(t->fd, F_SETFL, fl & ~O_NONBLOCK) != 0) return -errno;
  return fill(plan, s, t, copied, step);
}

int mk_copy_file_report(const char *src, const char *dst, const struct mk_copy_options *options,
                        struct mk_copy_report *report) {
  struct mk_copy_report unused;
  if (report == NULL) report = &unused;
  report->copied = 0;
  report->failed = MK_COPY_STEP_NONE;

  struct mk__copy_plan plan;
  int rc = mk__copy_plan_init(options, &plan);
  if (rc != 0) return rc;
  if (src == NULL || dst == NULL) return -EINVAL;

  struct source s = {.fd = -1};
  struct target t = {.fd = -1};
  enum mk_copy_step step = MK_COPY_STEP_NONE;
  uint64_t copied = 0;
  rc = open_source(src, &s, &step);
  if (rc == 0) rc = resolve_target(dst, &s, &t, &step);
  if (rc == 0 && t.exists && (plan.flags & MK_COPY_IN_PLACE)) {
    rc = copy_in_place(&plan, &s, &t, &copied, &step);
  } else if (rc == 0) {
    rc = copy_by_rename(&plan, &s, &t, &copied, &step);
  }

  if (t.fd >= 0) close(t.fd);
  if (t.tmp != NULL) {
    unlink(t.tmp); /* a failed copy leaves nothing behind */
    free(t.tmp);
  }
  free(t.dir);
  free(t.path);
  if (s.fd >= 0) close(s.fd);

  if (rc != 0) {
    report->failed = step;
  } else {
    report->copied = copied;
  }
  return rc;
}

int mk_copy_file(const char *src, const char *dst, const struct mk_copy_options *options,
                 uint64_t *copied) {
  struct mk_copy_report report;
  int rc = mk_copy_file_report(src, dst, options, &report);
  if (rc == 0 && copied != NULL) *copied = report.copied;
  return rc;
}
