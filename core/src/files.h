/* files.h (private) - what the copy and the mappings share about files: one
 * answer per file type, and writes that finish. */
#ifndef MMAPKIT_CORE_SRC_FILES_H
#define MMAPKIT_CORE_SRC_FILES_H

#include <stddef.h>
#include <sys/types.h>

/* Whether a file of this st_mode can be copied or mapped: 0 for a regular
 * file; -EISDIR (directory), -ESPIPE (FIFO, socket: a stream, no offsets to
 * map) or -EINVAL (character or block device: no trustworthy size, and
 * /dev/zero never ends). The errors of mmapkit/copy.h and mmapkit/map.h. */
int mk__check_file_type(mode_t mode);

/* Writes all n bytes of buf to fd, at off (pwrite), or at the file offset
 * when off is -1 (write), going on after EINTR and short writes. Returns 0,
 * -errno, or -EIO for a write that wrote nothing. */
int mk__write_full(int fd, const void *buf, size_t n, off_t off);

#endif /* MMAPKIT_CORE_SRC_FILES_H */
