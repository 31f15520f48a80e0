/* mmapkit/copy.h - file copy through mmap windows.
 *
 * OWNER: the copy work (issues 2, 6, 7). This header is the contract; the
 * implementation lives in core/src/copy*.c. Keep every comment true. */
#ifndef MMAPKIT_COPY_H
#define MMAPKIT_COPY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of each file mapped at a time when options->window is 0. The value
 * and MK_COPY_DEFAULT_FLAGS are chosen from tools/bench_copy's measurements. */
#define MK_COPY_DEFAULT_WINDOW ((size_t)8 << 20)

/* How the bytes move. MK_COPY_MAP_BOTH is the seed's way and the default. */
enum mk_copy_strategy {
  MK_COPY_MAP_BOTH = 0,  /* map windows of source and destination, memcpy */
  MK_COPY_MAP_SRC_WRITE, /* map the source, write() into the destination */
  MK_COPY_MAP_DST_READ,  /* map the destination, read() from the source */
};

/* options->flags */
#define MK_COPY_SYNC (1u << 0)           /* fsync the result (and, for files, its directory) */
#define MK_COPY_POPULATE (1u << 1)       /* MAP_POPULATE each window */
#define MK_COPY_ADV_SEQUENTIAL (1u << 2) /* madvise(MADV_SEQUENTIAL) each window */
#define MK_COPY_ADV_WILLNEED (1u << 3)   /* madvise(MADV_WILLNEED) each source window */
#define MK_COPY_ADV_HUGEPAGE (1u << 4)   /* madvise(MADV_HUGEPAGE) each window */
#define MK_COPY_NO_RESERVE (1u << 5)     /* do not pre-size the destination with fallocate */
/* Flags used when options is NULL. */
#define MK_COPY_DEFAULT_FLAGS 0u

struct mk_copy_options {
  size_t window;  /* bytes per mapping window, a multiple of the page size; 0 = default */
  unsigned flags; /* MK_COPY_*; unknown bits -> -EINVAL */
  enum mk_copy_strategy strategy; /* MK_COPY_MAP_BOTH unless benchmarking */
};

/* Copy len bytes from in_fd at in_off to out_fd at out_off through mmap.
 * Offsets need not be page-aligned. options may be NULL (defaults).
 *
 * in_fd: a regular file open for reading; never modified.
 * out_fd: a regular file open O_RDWR (a shared writable mapping needs read
 *   access too). After success its size is max(old size, out_off + len) and
 *   bytes outside [out_off, out_off + len) are unchanged (a gap past the old
 *   end reads as zeros). len == 0 copies nothing and returns 0.
 *
 * Returns 0, or:
 *   -EBADF     in_fd not open for reading, out_fd not open for writing or O_APPEND
 *   -EACCES    out_fd open O_WRONLY (mmap needs read access)
 *   -EISDIR    either fd is a directory
 *   -ESPIPE    either fd is a pipe, FIFO or socket
 *   -EINVAL    either fd is not a regular file otherwise; window not a multiple
 *              of the page size; unknown flag or strategy; same file with overlapping ranges
 *   -EOVERFLOW in_off + len or out_off + len exceeds the largest off_t
 *   -ENODATA   [in_off, in_off + len) extends past the end of the source
 *   -ENOSPC, -EFBIG, -EIO, ...  from the file system
 * Arguments are validated before anything is written. */
int mk_copy_range(int in_fd, uint64_t in_off, int out_fd, uint64_t out_off, uint64_t len,
                  const struct mk_copy_options *options);

/* Copy the file at src to dst (created or replaced), like cp. options may be
 * NULL. On success *copied (if non-NULL) is the number of bytes copied.
 *
 * dst is written to a temporary file in dst's directory and renamed over dst
 * only after the whole copy succeeded: on any error dst is left exactly as it
 * was and no temporary file remains. The new dst gets src's permission bits
 * (0777 part). src is opened read-only and never modified.
 *
 * Returns 0, or -errno from open/stat of either path (-ENOENT, -EACCES, ...),
 * -EISDIR if src or dst is a directory, -EINVAL if src and dst are the same
 * file (any path, hard or symbolic link), and the errors of mk_copy_range. */
int mk_copy_file(const char *src, const char *dst, const struct mk_copy_options *options,
                 uint64_t *copied);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_COPY_H */
