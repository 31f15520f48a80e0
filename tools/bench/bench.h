/* bench.h - what the parts of tools/bench_copy share: the methods measured,
 * one timed sample, the rows of results, and the functions of each part
 * (methods.c times one copy, files.c prepares and verifies files, stats.c
 * summarises, report.c prints the table and CSV, plot.c draws the chart). */
#ifndef MMAPKIT_TOOLS_BENCH_H
#define MMAPKIT_TOOLS_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mmapkit/copy.h"
#include "tools/bench/support.h"

enum { BENCH_MAX_REPS = 64, BENCH_ID_LEN = 96, BENCH_MAX_METHODS = 128 };

/* How one method moves the bytes. */
enum bench_kind {
  BENCH_MEMCPY,       /* memcpy between two prefaulted anonymous buffers: the ceiling */
  BENCH_MEMCPY_ALLOC, /* the same into a destination mapped with MAP_POPULATE inside the
                         timed region: what fresh pages cost, which every new file pays */
  BENCH_CP,           /* coreutils cp as a child process (fork + exec + wait) */
  BENCH_CFR,          /* copy_file_range loop, fd to fd */
  BENCH_SENDFILE,     /* sendfile loop, fd to fd */
  BENCH_RW,           /* read/write loop with a 128 KiB buffer, fd to fd */
  BENCH_MK_RANGE,     /* mk_copy_range, fd to fd */
  BENCH_MK_FILE,      /* mk_copy_file, path to path (temporary file + rename) */
};

struct bench_method {
  char id[BENCH_ID_LEN]; /* stable key: CSV, --only patterns, chart titles */
  enum bench_kind kind;
  int peer;     /* one of the "best peer" group: cp, copy_file_range, sendfile, read/write */
  int sweep;    /* a tuning row: measured only at the sweep sizes */
  int defaults; /* mk_*: pass options = NULL */
  struct mk_copy_options opts;
};

/* One timed run. Faults are getrusage deltas around the timed region
 * (RUSAGE_CHILDREN for cp). */
struct bench_sample {
  double sec;     /* wall clock */
  double cpu_sec; /* user + system */
  double sys_sec; /* system only */
  long minflt;
  long majflt;
};

/* One row: a method at one size on one file system, with its summary. */
struct bench_row {
  int fs;     /* index into the file systems; -1 for memcpy (no file system) */
  int size;   /* index into the sizes */
  int method; /* index into the methods */
  int n;      /* verified samples */
  int failed; /* runs that failed or did not verify */
  char error[160];
  struct bench_sample s[BENCH_MAX_REPS];
  /* Filled by bench_summarise. */
  double med, min, q1, q3, max; /* seconds */
  double gibps;                 /* at the median */
  double cpu_med, sys_med;
  long minflt_med, majflt_med;
  double x_peer;   /* gibps / best peer's gibps (0 = no peer measured) */
  double x_memcpy; /* gibps / memcpy's gibps (0 = not measured) */
};

struct bench_config {
  uint64_t *sizes;
  int nsizes;
  int *sweep_size; /* per size: 1 if the sweep rows run at it */
  int reps;
  int drop_caches; /* try /proc/sys/vm/drop_caches */
  int warm;        /* bench_prewarm before every timed run */
  struct bench_method *methods;
  int nmethods;
  struct bench_fs *fs;
  int nfs;
  struct bench_row *rows;
  int nrows;
};

/* --- methods.c */
/* Fills *m with the default method list: the peers, mmapkit's defaults and
 * strategies at every size, and the tuning sweep. Returns the count; *m is
 * malloc'ed with room for BENCH_MAX_METHODS. */
int bench_methods_default(struct bench_method **m);

/* An mk_* id as bench_methods_default spells them ("mk_file:src_write,w=32M,
 * populate+no_reserve") -> *out, measured at every size. Returns 0 or -1. */
int bench_method_parse(const char *id, struct bench_method *out);

/* Times one file copy of src (size bytes, page-cached) to dst, which must not
 * exist. Returns 0, or -1 with a message in err. */
int bench_run_file(const struct bench_method *m, const char *src, const char *dst, uint64_t size,
                   struct bench_sample *out, char *err, size_t errlen);

/* Times one memcpy of size bytes between two prefaulted buffers. */
void bench_run_memcpy(void *dst, const void *src, uint64_t size, struct bench_sample *out);

/* Times mmap(MAP_POPULATE) of a new anonymous destination plus the memcpy
 * into it. Returns the destination (munmap it), or NULL. */
void *bench_run_memcpy_alloc(const void *src, uint64_t size, struct bench_sample *out);

/* BENCH_MEMCPY and BENCH_MEMCPY_ALLOC: rows without a file system. */
int bench_is_memory(enum bench_kind kind);

/* --- stats.c */
/* Fills the summary of every row: quantiles, throughput, ratios. */
void bench_summarise(struct bench_config *c);

/* --- report.c */
void bench_print_table(FILE *out, const struct bench_config *c);
int bench_write_csv(const char *path, const struct bench_config *c);

/* --- plot.c */
/* Throughput against size per method (log x), one panel per file system,
 * through gnuplot. Returns 0, or -1 with a message on stderr. */
int bench_write_png(const char *path, const struct bench_config *c);

#endif /* MMAPKIT_TOOLS_BENCH_H */
