/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The user-space interface of /dev/mymap, shared by the driver (mymap.c)
 * and its user test (test/mymap_test.c).
 *
 * /dev/mymap is one global page of kernel memory, the same for every open
 * file and every process, created at module load with bytes 0..9 set to
 * 0, 1, ..., 9 and the rest zero. It can be:
 *   mmap()ed     one page at offset 0, MAP_SHARED, or MAP_PRIVATE read-only
 *                (never writable: no copy-on-write of the driver's page);
 *   read()       from and written() to at the file position, like a
 *                PAGE_SIZE file (read at the end returns 0, write -ENOSPC);
 *   stamped      with MYMAP_IOC_STAMP: byte i becomes (seed + i) & 0xff.
 */
#ifndef _UAPI_MYMAP_H
#define _UAPI_MYMAP_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define MYMAP_IOC_MAGIC 0xE7

/* Fill the whole page with (seed + i) & 0xff from the kernel side. */
#define MYMAP_IOC_STAMP _IOW(MYMAP_IOC_MAGIC, 1, __u32)

#endif /* _UAPI_MYMAP_H */
