/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the user-space programs run in the QEMU guest share: the user test
 * (mymap_test.c) and the fuzzer (mymap_fuzz.c) of /dev/mymap.
 */
#ifndef MYMAP_USER_H
#define MYMAP_USER_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MODULE_NAME "mymap"

static inline const char *errname(int e)
{
	const char *name = strerrorname_np(e);

	return name ? name : "unknown errno";
}

/* The loaded module maps with remap_pfn_range() (use_remap=1). */
static inline bool uses_remap(void)
{
	FILE *f =
		fopen("/sys/module/" MODULE_NAME "/parameters/use_remap", "re");
	int c = f ? fgetc(f) : 'N';

	if (f)
		fclose(f);
	return c == 'Y';
}

#endif /* MYMAP_USER_H */
