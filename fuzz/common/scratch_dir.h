/* fuzz/common/scratch_dir.h - the per-process directory of a harness that needs real files.
 *
 * $TEST_TMPDIR when run as a Bazel test, else /dev/shm (fast, no disk), else $TMPDIR or /tmp;
 * named mmapkit-fuzz-NAME-PID, emptied first, removed at exit. Directories of harness
 * processes that no longer exist (a crash or a timeout kills without exit handlers) are
 * removed when the next one starts. */
#ifndef MMAPKIT_FUZZ_COMMON_SCRATCH_DIR_H
#define MMAPKIT_FUZZ_COMMON_SCRATCH_DIR_H

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/common/check.h"

static char fz_scratch[512]; /* the directory, once fz_scratch_dir_create ran */

static int fz_scratch_remove_entry(const char *path, const struct stat *st, int flag,
                                   struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static void fz_scratch_remove(const char *path) {
  nftw(path, fz_scratch_remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

static void fz_scratch_remove_at_exit(void) {
  if (fz_scratch[0]) fz_scratch_remove(fz_scratch);
}

/* Removes base/mmapkit-fuzz-NAME-PID for every PID that is not running. */
static void fz_scratch_remove_stale(const char *base, const char *name) {
  DIR *d = opendir(base);
  char prefix[128];
  snprintf(prefix, sizeof prefix, "mmapkit-fuzz-%s-", name);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (strncmp(e->d_name, prefix, strlen(prefix)) != 0) continue;
    int pid = atoi(e->d_name + strlen(prefix));
    if (pid <= 0 || pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH) continue;
    char path[sizeof fz_scratch + 256];
    snprintf(path, sizeof path, "%s/%s", base, e->d_name);
    fz_scratch_remove(path);
  }
  if (d) closedir(d);
}

/* Creates this process's directory for harness NAME and returns its path. */
static const char *fz_scratch_dir_create(const char *name) {
  const char *base = getenv("TEST_TMPDIR");
  if (!base || !*base) base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
  if (!base || !*base) base = "/tmp";
  fz_scratch_remove_stale(base, name);
  snprintf(fz_scratch, sizeof fz_scratch, "%s/mmapkit-fuzz-%s-%d", base, name, (int)getpid());
  fz_scratch_remove(fz_scratch);
  if (mkdir(fz_scratch, 0700) != 0) fz_fail("setup: mkdir %s: %s", fz_scratch, strerror(errno));
  atexit(fz_scratch_remove_at_exit);
  return fz_scratch;
}

#endif /* MMAPKIT_FUZZ_COMMON_SCRATCH_DIR_H */
