/* support.h - what both copy benchmarks (bench_copy: in-process copies,
 * bench_copy_cli: whole processes) share: the source files and their check
 * (files.c), sizes, file system names and the load average (support.c). */
#ifndef MMAPKIT_TOOLS_BENCH_SUPPORT_H
#define MMAPKIT_TOOLS_BENCH_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* --- files.c */
/* Writes size bytes of pattern (different in every MiB) to path, fsyncs it
 * (a clean page cache: no writeback during the runs). Returns 0 or -errno. */
int bench_make_source(const char *path, uint64_t size);

/* Fills buf with the pattern of bytes [off, off + len) of a source. */
void bench_fill_pattern(char *buf, uint64_t off, size_t len);

/* Makes sure every page of path is in the page cache (reads it if not).
 * Returns the resident fraction after the read (1.0 = all), or -1. */
double bench_preload(const char *path, uint64_t size);

/* Touches, then frees, bytes (plus a margin) of anonymous huge-page memory,
 * so that the next allocations get pages the hypervisor backs. In a VM that
 * reports free pages to its host (virtio-balloon free page reporting: 2 MiB
 * blocks free for ~2 s go back to the host), the first touch of such a page
 * otherwise costs several times the copy, and varies from run to run.
 * Returns 0 or -errno. */
int bench_prewarm(uint64_t bytes);

/* syncfs(dir) and drop the clean page cache. Returns 0, or -errno (EACCES
 * when not root). */
int bench_drop_caches(const char *dir);

/* Compares dst with src byte for byte (and their sizes). Returns 0, or -1
 * with a message in err. */
int bench_verify(const char *src, const char *dst, uint64_t size, char *err, size_t errlen);

/* A file system the copies run on: our scratch directory in it. */
struct bench_fs {
  char label[64]; /* e.g. "ext4 /tmp" */
  char *dir;      /* the scratch directory (malloc'ed) */
};

/* Adds fs[*nfs]: a scratch directory "PROG.XXXXXX" in base, labelled "<fs
 * type> <base>", when base has need bytes free. Returns 0 (added, or skipped
 * with a note on stderr: base missing, or on the same file system as an
 * earlier one) or -1 (too little space, no directory; said on stderr). */
int bench_add_fs(const char *prog, struct bench_fs *fs, int *nfs, const char *base, uint64_t need);

/* Removes every file in dir (not subdirectories), then dir itself. */
void bench_remove_scratch(const char *dir);

/* --- support.c */
/* "64M" -> 67108864: a number with an optional K, M or G (powers of 1024).
 * Returns 0 or -1. */
int bench_parse_size(const char *s, uint64_t *out);

/* Comma-separated sizes into list (at most max); returns the count or -1. */
int bench_parse_sizes(const char *s, uint64_t *list, int max);

/* "4 KiB", "64 MiB", "1 GiB". */
const char *bench_size_text(uint64_t size, char *buf, size_t len);

/* "ext4", "tmpfs", ... for statfs's f_type; "fs" when unknown. */
const char *bench_fs_type_name(long type);

/* Prints "# load average WHEN: <the line of /proc/loadavg>". */
void bench_print_load(const char *when);

/* SIGINT and SIGTERM call handler (which sets a flag the run loop checks,
 * so scratch files are removed before the program exits). */
void bench_catch_interrupts(void (*handler)(int));

/* The first number of /proc/loadavg (-1 if unreadable). */
double bench_load1(void);

/* A path given on the command line, relative to where `bazel run` started
 * (BUILD_WORKING_DIRECTORY) when it is relative. Newly allocated. */
char *bench_user_path(const char *p);

#endif /* MMAPKIT_TOOLS_BENCH_SUPPORT_H */
