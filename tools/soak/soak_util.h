/* tools/soak/soak_util.h - what both soak programs need: a clock, a pseudo-random stream that
 * content and choices are derived from, short sleeps, memory shared with the forked workers,
 * and options of the form --name value. */
#ifndef MMAPKIT_TOOLS_SOAK_SOAK_UTIL_H
#define MMAPKIT_TOOLS_SOAK_SOAK_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Milliseconds of CLOCK_MONOTONIC. */
int64_t soak_now_ms(void);

/* Sleeps about ms milliseconds (signals do not cut it short). */
void soak_sleep_ms(long ms);

/* splitmix64: the next value of *state. */
uint64_t soak_random(uint64_t *state);

/* A value in [lo, hi] from *state. */
uint64_t soak_between(uint64_t *state, uint64_t lo, uint64_t hi);

/* Fills buf with n bytes of the stream named by (a, b), starting at byte offset `from` of it
 * (the same bytes whatever the split into calls: content can be checked piece by piece). */
void soak_fill(uint8_t *buf, size_t n, uint64_t a, uint64_t b, uint64_t from);

/* Zero-filled MAP_SHARED anonymous memory (MAP_NORESERVE: only touched pages cost), inherited
 * by forked workers; exits with a message if it cannot be had. */
void *soak_shared(size_t bytes);

/* Options: --name value (numbers) and --name value (strings), parsed by the caller's table.
 * Returns 0, or prints the problem and returns -1. */
struct soak_option {
  const char *name; /* "--seconds" */
  long *number;     /* either */
  const char **text;
  const char *help;
};
int soak_parse(int argc, char **argv, const struct soak_option *options, const char *usage);

#endif /* MMAPKIT_TOOLS_SOAK_SOAK_UTIL_H */
