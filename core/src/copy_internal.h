/* copy_internal.h (private) - what the copy's source files share: resolved
 * options, the one window loop, space reservation, and the read/write
 * fallback. Public contract: mmapkit/copy.h. */
#ifndef MMAPKIT_COPY_INTERNAL_H
#define MMAPKIT_COPY_INTERNAL_H

#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "large_files.h"
#include "mmapkit/copy.h"

/* Options after defaults are applied and checked. */
struct mk__copy_plan {
  size_t window;
  unsigned flags;
  enum mk_copy_strategy strategy;
  mk_copy_progress_fn progress;
  void *progress_arg;
  unsigned threads; /* 0 = automatic: decided by the loop from the data size */
};

/* options (may be NULL) -> plan. Returns 0 or -EINVAL (window not a multiple
 * of the page size, unknown flag or strategy, too many threads). */
int mk__copy_plan_init(const struct mk_copy_options *options, struct mk__copy_plan *plan);

/* Which file an error came from (lets mk_copy_file say "error reading src"
 * or "error writing dst"). */
enum mk__copy_side { MK_COPY_SIDE_NONE = 0, MK_COPY_SIDE_SOURCE, MK_COPY_SIDE_DEST };

/* One copy operation: total bytes from in_fd at in_off to out_fd at out_off.
 * Positions of segments are relative to its start. */
struct mk__copy_job {
  const struct mk__copy_plan *plan;
  int in_fd;
  int out_fd;
  uint64_t in_off;
  uint64_t out_off;
  uint64_t total;
  enum mk__copy_side failed; /* set with every error return */
  size_t write_chunk;        /* bytes per pwrite (MK_COPY_MAP_SRC_WRITE); 0 = a window */
};

/* A part of the job to copy, [start, end): the data between the source's
 * holes, or the whole range. */
struct mk__copy_segment {
  uint64_t start;
  uint64_t end;
};

/* The one copy loop: copies the segments (ascending, not overlapping) of
 * the job window by window with the job's strategy, on as many threads as
 * the plan asks for (0: automatic, from the bytes to copy), calling the
 * progress callback from the calling thread before each window it takes.
 * Holds the SIGBUS guard while windows are mapped. The caller validated the
 * ranges and sized the destination. Returns 0 or -errno (-ENODATA when the
 * source shrank, -ENOSPC/-EIO when a destination page could not be written,
 * -ECANCELED, or from mmap/pread/pwrite); on error job->failed says which
 * file. */
int mk__copy_windows(struct mk__copy_job *job, const struct mk__copy_segment *segs, size_t nsegs);

/* Moves one window's bytes, [in_pos, in_pos + n) of the source to out_pos of
 * the destination (absolute offsets), with the job's strategy: maps, copies,
 * unmaps. Thread-safe; job->failed is set with an error (give each thread
 * its own copy of the job). Mapped accesses run under the SIGBUS guard, which
 * the caller holds for MK_COPY_MAP_BOTH (mk__copy_needs_guard). */
int mk__copy_move_window(struct mk__copy_job *job, uint64_t in_pos, uint64_t out_pos, size_t n);

/* Bytes per pwrite for a destination on out_fd's file system (see
 * copy_window.c): 0, a whole window, where page-cache folios are pages
 * anyway (tmpfs); else small enough for small folios. */
size_t mk__copy_write_chunk(int out_fd);

/* Whether the strategy touches mappings itself (memcpy), so that a SIGBUS
 * can reach the process: only MK_COPY_MAP_BOTH. The others let the kernel
 * copy from or into the mapping, which reports a bad page as EFAULT. */
int mk__copy_needs_guard(enum mk_copy_strategy strategy);

/* Calls the progress callback, if any: 0, or -ECANCELED when it asks to stop. */
int mk__copy_progress(const struct mk__copy_plan *plan, uint64_t done, uint64_t total);

/* Allocates [off, off + len) of fd so that ENOSPC/EFBIG show up now rather
 * than as SIGBUS on a mapped page; may extend the file size to off + len.
 * A file system without fallocate (EOPNOTSUPP) is not an error: nothing is
 * reserved. Returns 0 or -errno. */
int mk__copy_reserve(int fd, uint64_t off, uint64_t len);

/* The whole source (in_fd, described by in_st) into out_fd, which ends up
 * holding exactly its bytes: out_fd is a new empty file, or an existing one
 * written in place (its old bytes in the source's holes are zeroed, its size
 * becomes the source's; a failed reservation leaves it unchanged). Mapped
 * windows over the data segments after reserving their space, or
 * mk__copy_stream for a source whose size cannot be trusted (procfs, sysfs,
 * size 0). *copied = bytes copied. Returns 0 or -errno; *side says which
 * file failed. */
int mk__copy_whole(const struct mk__copy_plan *plan, int in_fd, const struct stat *in_st,
                   int out_fd, uint64_t *copied, enum mk__copy_side *side);

/* Whether rename can replace the existing file at path (described by st, in
 * directory dir) and keep it whole: 0, -EMLINK (other hard links would keep
 * the old content), -EBUSY (a mount point), or the error of checking that
 * dir takes new names (-EACCES: not writable). */
int mk__copy_check_replaceable(const char *path, const char *dir, const struct stat *st);

/* Gives fd (the new copy of the file at path, described by st) that file's
 * owner and group, extended attributes (ACLs included; not
 * security.capability) and mode, then truncates fd so the kernel drops the
 * set-user-ID/set-group-ID bits it drops when cp truncates a file (no
 * CAP_FSETID). Returns 0 or -errno (-EPERM: the owner or group cannot be
 * given away). */
int mk__copy_keep_attributes(int fd, const char *path, const struct stat *st);

/* MK_COPY_PRESERVE: gives fd, the copy (new or written in place) of src_fd,
 * described by src_st, that file's owner and group where permitted (as cp
 * -p: not being allowed is no error, but then the set-user-ID,
 * set-group-ID and sticky bits are not given), its mode and access ACL, and
 * last its access and modification times. Returns 0 or -errno. */
int mk__copy_preserve(int fd, int src_fd, const struct stat *src_st);

/* The documented fallback for sources whose size cannot be trusted: read()
 * in_fd to end of file, write() to out_fd. *copied = bytes copied. Returns 0
 * or -errno; *side says which file failed. */
int mk__copy_stream(const struct mk__copy_plan *plan, int in_fd, int out_fd, uint64_t *copied,
                    enum mk__copy_side *side);

#endif /* MMAPKIT_COPY_INTERNAL_H */
