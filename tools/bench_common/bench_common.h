/* bench_common.h - what the benchmarks under tools/ share: the clock,
 * CPU-time conversions, and drawing a chart with gnuplot. */
#ifndef MMAPKIT_TOOLS_BENCH_COMMON_H
#define MMAPKIT_TOOLS_BENCH_COMMON_H

#include <sys/time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds on CLOCK_MONOTONIC. */
double bench_now_sec(void);

/* A struct timeval (getrusage's CPU times) in seconds. */
double bench_timeval_sec(struct timeval tv);

/* Runs gnuplot on a script file. Returns 0 if it succeeded, else -1 (with a
 * hint on stderr, naming tool, when gnuplot is not installed). */
int bench_run_gnuplot(const char *script, const char *tool);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_TOOLS_BENCH_COMMON_H */
