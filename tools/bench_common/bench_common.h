/* bench_common.h - what the benchmarks under tools/ share: the clock,
 * CPU-time conversions, full reads and writes, and drawing a chart with
 * gnuplot. */
#ifndef MMAPKIT_TOOLS_BENCH_COMMON_H
#define MMAPKIT_TOOLS_BENCH_COMMON_H

#include <stddef.h>
#include <sys/time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds on CLOCK_MONOTONIC. */
double bench_now_sec(void);

/* A struct timeval (getrusage's CPU times) in seconds. */
double bench_timeval_sec(struct timeval tv);

/* Writes all n bytes of buf to fd, going on after EINTR and short writes.
 * Returns 0, -errno, or -EIO for a write that wrote nothing. */
int bench_write_full(int fd, const void *buf, size_t n);

/* Reads exactly n bytes from fd into buf, going on after EINTR and short
 * reads. Returns 0, -EPIPE at end of file before n bytes, or -errno. */
int bench_read_full(int fd, void *buf, size_t n);

/* Runs gnuplot on a script file. Returns 0 if it succeeded, else -1 (with a
 * hint on stderr, naming tool, when gnuplot is not installed). */
int bench_run_gnuplot(const char *script, const char *tool);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_TOOLS_BENCH_COMMON_H */
