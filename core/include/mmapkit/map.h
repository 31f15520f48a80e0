/* mmapkit/map.h - map a whole file in one of three modes, and remember how it
 * was made: what mapwatch (watch a shared mapping) and mapwrite (write
 * through a shared or private mapping) are built on.
 *
 * Like every mmapkit function: 0 or -errno, never exits, aborts or prints. */
#ifndef MMAPKIT_MAP_H
#define MMAPKIT_MAP_H

#include <stddef.h>
#include "mmapkit/util.h" /* MK_EXTERN */

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
 *            a character or block device
 *   -EISDIR  path is a directory
 *   -ESPIPE  path names a FIFO (never blocked on: opened O_NONBLOCK); the
 *            same errno per file type as mk_copy_file (mmapkit/copy.h)
 *   -EOVERFLOW  the file is larger than SIZE_MAX bytes (possible with a 32-bit
 *            size_t): it cannot be mapped whole
 *   -ENOENT, -EACCES, -ENOTDIR, -ELOOP, ...  from open(2): e.g. -EACCES for
 *            MK_MAP_SHARED_RW on a file the caller may not write
 *   -ENODEV, -ENOMEM, ...  from mmap(2) */
MK_EXTERN int mk_map_path(const char *path, enum mk_map_mode mode, struct mk_mapping *out);

/* msync the mapping: MS_SYNC (wait for the write-back) when async == 0,
 * MS_ASYNC (schedule it) otherwise. Returns 0, also for an empty, read-only or
 * private mapping (nothing of theirs reaches the file), or -EINVAL for a NULL
 * m, or -errno from msync(2) (-EINVAL for a bad address, -ENOMEM for a range
 * that is not mapped). */
MK_EXTERN int mk_map_sync(const struct mk_mapping *m, int async);

/* munmap the mapping and reset it to {NULL, 0} (mode is kept). Calling it
 * again, or on an empty mapping, does nothing and returns 0. Returns 0, or
 * -EINVAL for a NULL m, or -errno from munmap(2) with *m unchanged. */
MK_EXTERN int mk_unmap(struct mk_mapping *m);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_MAP_H */
