/* One window's bytes, moved by the job's strategy: memcpy between two
 * mappings, pwrite from a source mapping, pread into a destination mapping.
 * Every memcpy on a mapping runs under the SIGBUS guard; the loop that hands
 * out the windows (to one thread or several) is copy_loop.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/magic.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "copy_internal.h"
#include "mmapkit/util.h"
#include "sigbus_guard.h"

/* Bytes per pwrite of MK_COPY_MAP_SRC_WRITE, where folios can be large. A
 * file system with large folios (ext4 on Linux 6.x) sizes the page-cache
 * folios it allocates for a write by the write's length: one pwrite of a
 * whole window gets 2 MiB folios, which the page allocator carves from its
 * largest free blocks. In a VM that hands free memory back to its host (free
 * page reporting), those are the blocks the host took back, and every first
 * touch of them faults in the hypervisor: the same 1 GiB copy measured 7x
 * the CPU time of cp in that state. 64 KiB writes get the folios cp's
 * copy_file_range gets (its pipe buffers are 64 KiB): on par with cp cold,
 * 25% slower than whole windows warm (tools/bench_results.md). tmpfs (without
 * huge pages) allocates single pages whatever the length, so there whole
 * windows save the system calls. */
enum { WRITE_CHUNK = 64 << 10 };

size_t mk__copy_write_chunk(int out_fd) {
  struct statfs fs;
  if (fstatfs(out_fd, &fs) == 0 && fs.f_type == TMPFS_MAGIC) return 0;
  return WRITE_CHUNK;
}

/* One file's part of a window: base/len is what was mmap'ed (page-aligned
 * start), data points at the first byte to copy. */
struct window {
  char *base;
  size_t len;
  char *data;
};

static int map_window(int fd, uint64_t pos, size_t n, int writable, unsigned flags,
                      struct window *w) {
  size_t delta = (size_t)(pos % mk_page_size());
  int prot = writable ? PROT_READ | PROT_WRITE : PROT_READ;
  int mflags = MAP_SHARED | ((flags & MK_COPY_POPULATE) ? MAP_POPULATE : 0);
  void *p = mmap(NULL, delta + n, prot, mflags, fd, (off_t)(pos - delta));
  if (p == MAP_FAILED) return -errno;
  w->base = p;
  w->len = delta + n;
  w->data = w->base + delta;
  /* Advice is a hint: a kernel without THP refuses MADV_HUGEPAGE, and the
   * copy is just as correct without it. Never huge pages for the destination:
   * a large folio faulted in over the data around a hole would allocate the
   * hole (ext4 from Linux 6.16), and holes must stay holes. */
  if (flags & MK_COPY_ADV_SEQUENTIAL) (void)madvise(w->base, w->len, MADV_SEQUENTIAL);
  if ((flags & MK_COPY_ADV_WILLNEED) && !writable) (void)madvise(w->base, w->len, MADV_WILLNEED);
  if ((flags & MK_COPY_ADV_HUGEPAGE) && !writable) (void)madvise(w->base, w->len, MADV_HUGEPAGE);
  return 0;
}

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22 /* Linux 5.14; older headers lack it */
#endif

/* 0 until a kernel older than 5.14 refused MADV_POPULATE_READ. */
static atomic_int g_no_populate_read;

/* Sets up the page table entries of a source window in one call, before
 * pwrite reads it. Without it the kernel's copy inside pwrite faults every
 * 16 pages (fault-around) while holding the destination's inode lock, and on
 * a file system with large folios each such short copy makes write_end zero
 * and redo the folio. A hint: any error leaves pwrite to fault as before
 * (and to report a truncated source as EFAULT). */
static void populate_source(const struct window *w) {
  if (atomic_load_explicit(&g_no_populate_read, memory_order_relaxed)) return;
  if (madvise(w->base, w->len, MADV_POPULATE_READ) != 0 && errno == EINVAL) {
    atomic_store_explicit(&g_no_populate_read, 1, memory_order_relaxed);
  }
}

static void unmap_window(struct window *w) {
  if (w->base != NULL) munmap(w->base, w->len);
  w->base = NULL;
}

/* The source faulted (SIGBUS, or EFAULT from the kernel reading its pages):
 * it shrank under the mapping (-ENODATA), or its pages cannot be read. */
static int source_fault(struct mk__copy_job *job) {
  struct stat st;
  job->failed = MK_COPY_SIDE_SOURCE;
  if (fstat(job->in_fd, &st) == 0 && (uint64_t)st.st_size < job->in_off + job->total) {
    return -ENODATA;
  }
  return -EIO;
}

/* A destination page could not be written: the file system could not back it
 * (a full tmpfs, or no reservation), or someone truncated the destination. */
static int dest_fault(struct mk__copy_job *job) {
  struct stat st;
  job->failed = MK_COPY_SIDE_DEST;
  if (fstat(job->out_fd, &st) == 0 && (uint64_t)st.st_size < job->out_off + job->total) {
    return -EIO;
  }
  return -ENOSPC;
}

/* memcpy between two mapped windows under the SIGBUS guard. Returns 0, or
 * which window faulted: 1 = source, 2 = destination. */
static int guarded_memcpy(const struct window *dst, const struct window *src, size_t n) {
  struct mk__sigbus_frame frame;
  mk__sigbus_frame_init(&frame, src->base, src->len, dst->base, dst->len);
  if (sigsetjmp(frame.env, 1) == 0) {
    mk__sigbus_arm(&frame);
    memcpy(dst->data, src->data, n);
    mk__sigbus_disarm();
    return 0;
  }
  return frame.fault_range + 1;
}

static int copy_map_both(struct mk__copy_job *job, uint64_t in_pos, uint64_t out_pos, size_t n) {
  unsigned flags = job->plan->flags;
  struct window src = {0}, dst = {0};
  int rc = map_window(job->in_fd, in_pos, n, 0, flags, &src);
  if (rc != 0) {
    job->failed = MK_COPY_SIDE_SOURCE;
    return rc;
  }
  rc = map_window(job->out_fd, out_pos, n, 1, flags, &dst);
  if (rc != 0) {
    job->failed = MK_COPY_SIDE_DEST;
  } else {
    int fault = guarded_memcpy(&dst, &src, n);
    if (fault == 1) rc = source_fault(job);
    if (fault == 2) rc = dest_fault(job);
  }
  unmap_window(&dst);
  unmap_window(&src);
  return rc;
}

/* The kernel copies here, so a bad page is EFAULT instead of SIGBUS. */
static int copy_map_src_write(struct mk__copy_job *job, uint64_t in_pos, uint64_t out_pos,
                              size_t n) {
  struct window src = {0};
  int rc = map_window(job->in_fd, in_pos, n, 0, job->plan->flags, &src);
  if (rc != 0) {
    job->failed = MK_COPY_SIDE_SOURCE;
    return rc;
  }
  if (!(job->plan->flags & MK_COPY_POPULATE)) populate_source(&src);
  size_t done = 0;
  while (done < n && rc == 0) {
    size_t chunk = n - done;
    if (job->write_chunk != 0 && chunk > job->write_chunk) chunk = job->write_chunk;
    ssize_t w = pwrite(job->out_fd, src.data + done, chunk, (off_t)(out_pos + done));
    if (w > 0) {
      done += (size_t)w;
    } else if (w < 0 && errno == EINTR) {
      continue;
    } else if (w < 0 && errno == EFAULT) {
      rc = source_fault(job);
    } else {
      rc = w < 0 ? -errno : -EIO; /* 0 bytes written for a non-empty write */
      job->failed = MK_COPY_SIDE_DEST;
    }
  }
  unmap_window(&src);
  return rc;
}

static int copy_map_dst_read(struct mk__copy_job *job, uint64_t in_pos, uint64_t out_pos,
                             size_t n) {
  struct window dst = {0};
  int rc = map_window(job->out_fd, out_pos, n, 1, job->plan->flags, &dst);
  if (rc != 0) {
    job->failed = MK_COPY_SIDE_DEST;
    return rc;
  }
  size_t done = 0;
  while (done < n && rc == 0) {
    ssize_t r = pread(job->in_fd, dst.data + done, n - done, (off_t)(in_pos + done));
    if (r > 0) {
      done += (size_t)r;
    } else if (r == 0) {
      rc = source_fault(job); /* end of file before the end of the range */
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EFAULT) {
      rc = dest_fault(job);
    } else {
      rc = -errno;
      job->failed = MK_COPY_SIDE_SOURCE;
    }
  }
  unmap_window(&dst);
  return rc;
}

int mk__copy_needs_guard(enum mk_copy_strategy strategy) {
  return strategy == MK_COPY_MAP_BOTH;
}

int mk__copy_move_window(struct mk__copy_job *job, uint64_t in_pos, uint64_t out_pos, size_t n) {
  switch (job->plan->strategy) {
    case MK_COPY_MAP_SRC_WRITE:
      return copy_map_src_write(job, in_pos, out_pos, n);
    case MK_COPY_MAP_DST_READ:
      return copy_map_dst_read(job, in_pos, out_pos, n);
    case MK_COPY_MAP_BOTH:
    default:
      return copy_map_both(job, in_pos, out_pos, n);
  }
}
