/* mmapkit/copy.h - file copy through mmap windows: a range copy between two
 * open files and a whole-file copy that replaces its destination atomically.
 *
 * Never dies of SIGBUS: a source truncated by someone else during the copy,
 * or a destination page the file system cannot back, comes back as an error.
 * Where the kernel touches the mapping (pwrite from it, pread into it) it
 * reports the fault itself; where the copy does (memcpy, MK_COPY_MAP_BOTH),
 * it runs under a SIGBUS guard.
 *
 * This header is the contract; the implementation lives in core/src/copy*.c.
 * Keep every comment true. */
#ifndef MMAPKIT_COPY_H
#define MMAPKIT_COPY_H

#include <stddef.h>
#include <stdint.h>
#include "mmapkit/util.h" /* MK_EXTERN */

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of each file mapped at a time when options->window is 0. Why these
 * defaults (window, strategy, flags): tools/bench_results.md. */
#define MK_COPY_DEFAULT_WINDOW ((size_t)4 << 20)

/* How the bytes of one window move. Every strategy gives byte-identical
 * results. 0 is the default, so zero-initialised options are the defaults.
 * Only MK_COPY_MAP_BOTH touches mapped memory from user space (memcpy); it
 * alone installs the process-wide SIGBUS handler for the duration of the
 * copy. The other two leave the copying to the kernel (pwrite/pread), which
 * answers a page it cannot back with an error instead of a signal. */
enum mk_copy_strategy {
  MK_COPY_MAP_SRC_WRITE = 0, /* map the source, pwrite() into the destination (the default):
                                the destination is never mapped, so the kernel copies into
                                new page-cache pages without a page fault for each one */
  MK_COPY_MAP_BOTH,          /* map windows of source and destination, memcpy */
  MK_COPY_MAP_DST_READ,      /* map the destination, pread() from the source */
};

/* options->flags. Advice (ADV_*) is a hint: where the kernel refuses it
 * (e.g. no transparent huge pages) the copy goes on without it. */
#define MK_COPY_SYNC (1u << 0)           /* fsync the result (and, for files, its directory) */
#define MK_COPY_POPULATE (1u << 1)       /* MAP_POPULATE each window */
#define MK_COPY_ADV_SEQUENTIAL (1u << 2) /* madvise(MADV_SEQUENTIAL) each window */
#define MK_COPY_ADV_WILLNEED (1u << 3)   /* madvise(MADV_WILLNEED) each source window */
#define MK_COPY_ADV_HUGEPAGE (1u << 4)   /* madvise(MADV_HUGEPAGE) each source window */
#define MK_COPY_NO_RESERVE (1u << 5)     /* do not pre-allocate the destination with fallocate */
/* mk_copy_file only (mk_copy_range: -EINVAL): write into an existing dst
 * instead of replacing it by rename. See mk_copy_file. */
#define MK_COPY_IN_PLACE (1u << 6)
/* mk_copy_file only (mk_copy_range: -EINVAL): like cp -p, the copy gets
 * src's mode (all 07777 bits, and its access ACL, or none), owner and group
 * where permitted, and access and modification times. See mk_copy_file. */
#define MK_COPY_PRESERVE (1u << 7)
/* Every flag above: options->flags & ~MK_COPY_ALL_FLAGS must be 0. */
#define MK_COPY_ALL_FLAGS                                                            \
  (MK_COPY_SYNC | MK_COPY_POPULATE | MK_COPY_ADV_SEQUENTIAL | MK_COPY_ADV_WILLNEED | \
   MK_COPY_ADV_HUGEPAGE | MK_COPY_NO_RESERVE | MK_COPY_IN_PLACE | MK_COPY_PRESERVE)
/* Strategy and flags used when options is NULL or zero-filled. */
#define MK_COPY_DEFAULT_STRATEGY MK_COPY_MAP_SRC_WRITE
#define MK_COPY_DEFAULT_FLAGS 0u

/* Called before each window (or read chunk) and once more after the last one,
 * before the result is committed (for mk_copy_file: after the sync, right
 * before the rename; with MK_COPY_IN_PLACE, after the sync, with dst
 * already complete). done = bytes of the source handled so far (holes
 * count), total = bytes to copy (0 when unknown: the read fallback of
 * mk_copy_file). Returning nonzero stops the copy with -ECANCELED; a CLI's
 * signal handler sets a flag that its callback returns. The callback may
 * touch the files being copied (a test truncates the source from here).
 * With several threads (options->threads), it is still called only from the
 * thread that called mk_copy_*, one call at a time, with done never going
 * down: first before any thread copies (the others start after it), then
 * before each window that thread takes, done = the offset below which every
 * window is finished (windows of other threads may be in flight meanwhile;
 * a cancel waits for them to finish). */
typedef int (*mk_copy_progress_fn)(void *arg, uint64_t done, uint64_t total);

/* Most threads options->threads may ask for (more: -EINVAL). */
#define MK_COPY_MAX_THREADS 64u

/* Threads used when options->threads is 0 (automatic): one below this many
 * bytes of data (a thread costs more than it saves on a small copy), else
 * up to MK_COPY_AUTO_THREADS, never more than the CPUs the calling thread
 * may run on (its affinity) or the windows. Why: tools/bench_results.md. */
#define MK_COPY_AUTO_THREADS_FROM ((uint64_t)64 << 20)
#define MK_COPY_AUTO_THREADS 2u

struct mk_copy_options {
  size_t window;  /* bytes per mapping window, a multiple of the page size; 0 = default */
  unsigned flags; /* MK_COPY_*; unknown bits -> -EINVAL */
  enum mk_copy_strategy strategy; /* 0 = MK_COPY_MAP_SRC_WRITE, the default */
  mk_copy_progress_fn progress;   /* NULL = no callback */
  void *progress_arg;             /* passed to progress */
  /* Threads copying windows at once: 0 = automatic (above), 1 = the calling
   * thread alone, N = the calling thread and up to N - 1 more, which block
   * every signal but synchronous faults and end before the call returns.
   * Same bytes, same errors, same guarantees with any number. How well it
   * scales depends on the strategy: MK_COPY_MAP_SRC_WRITE's pwrite calls into
   * one file take its inode lock one at a time, so only mapping, populating
   * and unmapping the source windows run in parallel; the faults of
   * MK_COPY_MAP_BOTH and MK_COPY_MAP_DST_READ on the shared destination
   * mapping take no such lock. Where a thread cannot be created, the copy
   * goes on with those it has. */
  unsigned threads;
};

/* The defaults as an initializer: start from it and change what you need,
 *   struct mk_copy_options o = MK_COPY_OPTIONS_DEFAULT;  o.progress = f; */
#define MK_COPY_OPTIONS_DEFAULT \
  { 0, MK_COPY_DEFAULT_FLAGS, MK_COPY_DEFAULT_STRATEGY, NULL, NULL, 0 }

/* Copy len bytes from in_fd at in_off to out_fd at out_off through mmap.
 * Offsets need not be page-aligned. options may be NULL (defaults).
 *
 * in_fd: a regular file open for reading; never modified (unless it is also
 *   out_fd's file, see -EINVAL).
 * out_fd: a regular file open O_RDWR (a shared writable mapping needs read
 *   access too). After success its size is max(old size, out_off + len) and
 *   bytes outside [out_off, out_off + len) are unchanged (a gap past the old
 *   end reads as zeros). len == 0 copies nothing and returns 0 (after the
 *   same argument checks).
 *
 * The copy writes in place: arguments are validated before anything is
 * written, but an error during the copy (e.g. -ENODATA, -ENOSPC, -ECANCELED)
 * may leave part of [out_off, out_off + len) written. out_fd's size is then
 * restored to what it was. Use mk_copy_file for all-or-nothing.
 *
 * Returns 0, or:
 *   -EBADF     either fd not open (or O_PATH); in_fd not open for reading;
 *              out_fd not open for writing, or open O_APPEND
 *   -EACCES    out_fd open O_WRONLY (mmap needs read access)
 *   -EISDIR    either fd is a directory
 *   -ESPIPE    either fd is a pipe, FIFO or socket
 *   -EINVAL    either fd is not a regular file otherwise (a device); window not
 *              a multiple of the page size; unknown flag or strategy; threads
 *              above MK_COPY_MAX_THREADS; MK_COPY_IN_PLACE or MK_COPY_PRESERVE;
 *              in_fd and out_fd are the same file and the two ranges overlap
 *   -EOVERFLOW in_off + len or out_off + len exceeds the largest off_t
 *   -ENODATA   [in_off, in_off + len) extends past the end of the source, also
 *              when the source shrinks during the copy
 *   -ECANCELED options->progress returned nonzero
 *   -ENOSPC    no space for the destination (also a destination page the file
 *              system could not back while being written through the mapping)
 *   -EFBIG     out_off + len beyond the file size limit (RLIMIT_FSIZE; the
 *              caller should ignore SIGXFSZ to get this instead of dying)
 *   -EIO, -ENOMEM, ...  from the file system and mmap */
MK_EXTERN int mk_copy_range(int in_fd, uint64_t in_off, int out_fd, uint64_t out_off, uint64_t len,
                            const struct mk_copy_options *options);

/* Copy the file at src to dst (created or replaced), like cp without
 * options. options may be NULL. On success *copied (if non-NULL) is the
 * number of bytes copied (the source size; holes count).
 *
 * Replace by rename (the default): dst is written to a temporary file
 * ".<name>.mmapkit-XXXXXX" in dst's directory and renamed over dst only after
 * the whole copy succeeded (with MK_COPY_SYNC: file fsync'ed before,
 * directory after the rename): on any error dst is left exactly as it was and
 * no temporary file remains (only a process killed by SIGKILL or a crash can
 * leave one behind; and with MK_COPY_SYNC, an error syncing the directory
 * comes after the rename, so dst is already the complete copy then). A dst
 * that did not exist is never put over a file someone else created there
 * meanwhile (RENAME_NOREPLACE, where the file system supports it: -EEXIST).
 *
 * Permissions, as cp gives them:
 *   - a new dst is created with src's permission bits (the 0777 part: no
 *     set-user-ID, set-group-ID or sticky bit), so the kernel applies the
 *     umask, or instead a default ACL of dst's directory; they are never
 *     changed afterwards. Its owner and group are the caller's (or the
 *     directory's group, when it is set-group-ID).
 *   - an existing dst keeps its own mode, owner, group, ACLs and extended
 *     attributes: the replacement gets them before any data is written.
 *     Two exceptions follow what writing into the file (as cp does) leaves:
 *     without CAP_FSETID the set-user-ID bit (and a group-executable
 *     set-group-ID bit) is dropped, and security.capability is not kept.
 *     trusted.* attributes, which an unprivileged process cannot see, are
 *     not kept either.
 *
 * MK_COPY_PRESERVE (cp -p) then gives the copy, after its data, src's owner
 * and group where permitted (root may give any; others only their own uid
 * and a group they are in: not being allowed is no error, as with cp -p, but
 * the set-user-ID, set-group-ID and sticky bits are then not given), src's
 * mode (all 07777 bits) with src's access ACL (or none), and last src's
 * access and modification times, to the nanosecond where the file system
 * keeps them. dst's other extended attributes stay as above. All of it
 * before the rename; an error (e.g. -EPERM changing the mode of a file
 * written in place that the caller does not own) is reported at
 * MK_COPY_STEP_KEEP_ATTRS with dst untouched (in place: already written).
 *
 * What a rename cannot keep whole is refused before any data is copied, at
 * MK_COPY_STEP_KEEP_DEST (or, for attributes, MK_COPY_STEP_KEEP_ATTRS), with
 * dst untouched and no temporary file left; MK_COPY_IN_PLACE serves these
 * cases:
 *   -EMLINK  dst has other hard links: they would keep the old content. cp
 *            writes into the file, so every link sees the new content; doing
 *            that silently here would give up the all-or-nothing promise, so
 *            the caller chooses (MK_COPY_IN_PLACE, or removing dst first).
 *   -EACCES  dst's directory does not take new names (not writable, or
 *            read-only), though dst itself is writable.
 *   -EBUSY   dst is a mount point (a file bind-mounted over another).
 *   -EPERM (at KEEP_ATTRS)  dst's owner or group cannot be given to the
 *            replacement: the caller is not root and not dst's owner (or
 *            not in its group). This covers a sticky directory such as /tmp,
 *            where only the owner may replace a file.
 *            Any other error giving dst's attributes to the replacement
 *            (an extended attribute that cannot be set) is also reported at
 *            KEEP_ATTRS.
 *
 * MK_COPY_IN_PLACE: an existing dst is opened (without O_TRUNC) and written
 * through: space for src's data is reserved first (a full disk is an error
 * that leaves dst as it was), then dst takes src's size, src's data is
 * written window by window, with the same SIGBUS guard as the temporary
 * file, and dst's old bytes where src has holes are punched out. dst keeps its
 * inode, so its other hard links, owner, group, mode (as the kernel leaves
 * it after a write), ACLs and attributes stay. The trade-off: not atomic.
 * An error, or a cancel, after the reservation leaves dst partly written
 * (some of the new bytes, possibly truncated to src's size); a cancel at the
 * last progress call returns -ECANCELED with dst already complete. Readers
 * may see a mix of old and new bytes while it runs. dst needs read
 * permission too unless the strategy is MK_COPY_MAP_SRC_WRITE (mapping dst
 * needs it). A dst that does not exist is created as without the flag.
 *
 * If dst is a symbolic link, the file it leads to is created or replaced
 * (written, with MK_COPY_IN_PLACE); a dangling link is refused (-ENOENT at
 * MK_COPY_STEP_STAT_DEST). src is opened read-only and never modified. Holes
 * of a sparse src stay holes (SEEK_DATA/SEEK_HOLE); space for the data is
 * reserved before the first byte is copied (unless MK_COPY_NO_RESERVE).
 *
 * Which sources: regular files. Sources whose st_size cannot be trusted -
 * files on procfs or sysfs, and regular files that report size 0 - are
 * copied with read()/write() until end of file instead of mmap (so
 * /proc/self/status gives what `cat` gives); nothing can be reserved for
 * them. Anything else is refused, by its stat, before it is opened and
 * before dst is touched: a directory (-EISDIR), a FIFO or a socket (-ESPIPE),
 * a character or block device (-EINVAL: /dev/zero would never end).
 *
 * Returns 0, or:
 *   -ENOENT, -EACCES, -ENOTDIR, -ELOOP, -ENAMETOOLONG, ...  from stat or open
 *              of src, stat of dst, or creating the temporary file (-EACCES
 *              also when dst exists and is not writable, like cp)
 *   -EISDIR    src or dst is a directory
 *   -ESPIPE    src or dst is a FIFO or a socket
 *   -EINVAL    src or dst is a device; src and dst are the same file (any
 *              path, hard or symbolic link: detected by st_dev/st_ino before
 *              anything is opened for writing); bad options; a NULL path
 *   -EMLINK, -EACCES, -EBUSY, -EPERM  rename cannot keep dst whole (above)
 *   -EEXIST    a new dst appeared at dst's path during the copy (left alone)
 *   and the errors of mk_copy_range (-ENODATA if src shrinks during the copy,
 *   -ENOSPC, -EFBIG, -ECANCELED, -EIO, ...). */
MK_EXTERN int mk_copy_file(const char *src, const char *dst, const struct mk_copy_options *options,
                           uint64_t *copied);

/* The step of mk_copy_file_report that failed, so a CLI can word its message
 * like cp ("cannot stat 'a'", "error writing 'b'"). */
enum mk_copy_step {
  MK_COPY_STEP_NONE = 0,    /* success, bad options, or -ECANCELED */
  MK_COPY_STEP_STAT_SOURCE, /* stat of src: the path leads to no file */
  MK_COPY_STEP_OPEN_SOURCE, /* src's file type, open/fstat of src */
  MK_COPY_STEP_STAT_DEST,   /* stat of dst (-ENOENT: a dangling link), or its file type */
  MK_COPY_STEP_SAME_FILE,   /* src and dst are the same file (-EINVAL) */
  MK_COPY_STEP_CREATE_DEST, /* dst not writable, creating the temporary file, opening
                               dst in place, or a new dst that appeared meanwhile */
  MK_COPY_STEP_KEEP_DEST,   /* rename cannot keep the existing dst whole (-EMLINK,
                               -EACCES, -EBUSY): MK_COPY_IN_PLACE can */
  MK_COPY_STEP_KEEP_ATTRS,  /* giving dst's owner, group, attributes, mode to the copy;
                               with MK_COPY_PRESERVE also src's mode, owner, times */
  MK_COPY_STEP_READ_SOURCE, /* mapping or reading src (-ENODATA: src shrank) */
  MK_COPY_STEP_WRITE_DEST,  /* reserving, mapping, writing or syncing the copy */
  MK_COPY_STEP_RENAME_DEST, /* renaming the copy over dst */
};

struct mk_copy_report {
  uint64_t copied;          /* bytes copied, as *copied of mk_copy_file */
  enum mk_copy_step failed; /* MK_COPY_STEP_NONE on success */
};

/* The strategy's name as spelled in this header ("MK_COPY_MAP_SRC_WRITE"),
 * or NULL for a value that is not an mk_copy_strategy (which mk_copy_range
 * and mk_copy_file refuse with -EINVAL). */
MK_EXTERN const char *mk_copy_strategy_name(enum mk_copy_strategy strategy);

/* mk_copy_file that also says which step failed. report may be NULL.
 * Same behaviour and return values as mk_copy_file. */
MK_EXTERN int mk_copy_file_report(const char *src, const char *dst,
                                  const struct mk_copy_options *options,
                                  struct mk_copy_report *report);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_COPY_H */
