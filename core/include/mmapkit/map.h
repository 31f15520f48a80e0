/* mmapkit/map.h - a file mapping that remembers how it was made.
 *
 * OWNER: the shared-file work (issue 2). This header is the contract; keep
 * every comment true. */
#ifndef MMAPKIT_MAP_H
#define MMAPKIT_MAP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum mk_map_mode {
  MK_MAP_SHARED_RO, /* PROT_READ, MAP_SHARED: sees every writer's stores */
  MK_MAP_SHARED_RW, /* PROT_READ|PROT_WRITE, MAP_SHARED: stores reach the file */
  MK_MAP_PRIVATE,   /* PROT_READ|PROT_WRITE, MAP_PRIVATE: copy-on-write, file never changes */
};

struct mk_mapping {
  void *addr;            /* NULL when len == 0 */
  size_t len;            /* bytes mapped (the file size at map time) */
  enum mk_map_mode mode; /* how it was made */
};

/* Open path and map the whole file in mode. The file descriptor is closed
 * before returning (the mapping keeps the file alive). An empty file gives
 * {NULL, 0, mode} and 0. Returns 0, or -errno from open/fstat/mmap
 * (-ENOENT, -EACCES, ...), -EISDIR for a directory, -EINVAL for a
 * non-regular file or a bad mode, -EFBIG if the file does not fit in size_t. */
int mk_map_path(const char *path, enum mk_map_mode mode, struct mk_mapping *out);

/* msync the mapping: MS_SYNC when async == 0, MS_ASYNC otherwise.
 * Returns 0 (also for an empty or private mapping), or -errno from msync. */
int mk_map_sync(const struct mk_mapping *m, int async);

/* munmap the mapping and reset it to {NULL, 0}. Safe to call twice.
 * Returns 0, or -errno from munmap. */
int mk_unmap(struct mk_mapping *m);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_MAP_H */
