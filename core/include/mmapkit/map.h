/* mmapkit/map.h - map a whole file in one of three modes, and remember how it
 * was made: the base of the seed's "process a" (watch a shared mapping) and
 * "process b" (write through a private mapping, file unchanged).
 *
 * Like every mmapkit function: 0 or -errno, never exits, aborts or prints. */
#ifndef MMAPKIT_MAP_H
#define MMAPKIT_MAP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum mk_map_mode {
  MK_MAP_SHARED_RO, /* PROT_READ, MAP_SHARED: sees every writer's stores; writing faults */
  MK_MAP_SHARED_RW, /* PROT_READ|PROT_WRITE, MAP_SHARED: stores reach the file */
  MK_MAP_PRIVATE,   /* PROT_READ|PROT_WRITE, MAP_PRIVATE: copy-on-write, the file never
                     * changes; needs only read permission on the file */
};

struct mk_mapping {
  void *addr;            /* NULL when len == 0 */
  size_t len;            /* bytes mapped: the file size at map time */
  enum mk_map_mode mode; /* how it was made */
};

/* Open path and map the whole file in mode. The file descriptor is closed
 * before returning (the mapping keeps the file alive). An empty file gives
 * {NULL, 0, mode} and 0: there is nothing to map.
 *
 * The mapping does not follow the file's size: if another process truncates
 * the file, touching pages past the new end raises SIGBUS (as for any mmap).
 *
 * Returns 0, or (with *out unchanged):
 *   -EINVAL  path or out is NULL, mode is not an mk_map_mode, or path names
 *            something other than a regular file or directory (FIFO, device,
 *            socket); a FIFO is never blocked on
 *   -EISDIR  path is a directory
 *   -EOVERFLOW  the file is larger than SIZE_MAX bytes (possible with a 32-bit
 *            size_t): it cannot be mapped whole
 *   -ENOENT, -EACCES, -ENOTDIR, -ELOOP, ...  from open(2): e.g. -EACCES for
 *            MK_MAP_SHARED_RW on a file the caller may not write
 *   -ENODEV, -ENOMEM, ...  from mmap(2) */
int mk_map_path(const char *path, enum mk_map_mode mode, struct mk_mapping *out);

/* msync the mapping: MS_SYNC (wait for the write-back) when async == 0,
 * MS_ASYNC (schedule it) otherwise. Returns 0, also for an empty, read-only or
 * private mapping (nothing of theirs reaches the file), or -EINVAL for a NULL
 * m, or -errno from msync(2) (-EINVAL for a bad address, -ENOMEM for a range
 * that is not mapped). */
int mk_map_sync(const struct mk_mapping *m, int async);

/* munmap the mapping and reset it to {NULL, 0} (mode is kept). Calling it
 * again, or on an empty mapping, does nothing and returns 0. Returns 0, or
 * -EINVAL for a NULL m, or -errno from munmap(2) with *m unchanged. */
int mk_unmap(struct mk_mapping *m);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_MAP_H */
