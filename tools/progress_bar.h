/* tools/progress_bar.h - a one-line progress bar on a terminal, for copies
 * that take long enough to wonder about: drawn on stderr, only when stderr
 * is a terminal, only once the operation has run for a delay (about a
 * second), redrawn a few times a second at most, erased when done. C11. */
#ifndef MMAPKIT_TOOLS_PROGRESS_BAR_H
#define MMAPKIT_TOOLS_PROGRESS_BAR_H

#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

struct progress_bar {
  int enabled;  /* asked for, and stderr is a terminal */
  double delay; /* seconds before the first drawing */
  struct timespec start;
  double last_draw; /* seconds since start of the last drawing */
  int drawn;        /* a line is on the terminal */
  char name[512];   /* what is copied, as it is shown (its end, if longer) */
};

/* Starts timing one operation. wanted: the user asked for a bar (--progress);
 * it is drawn only if stderr is a terminal. delay_env: the name of an
 * environment variable that may hold the delay in seconds (default 1; 0
 * draws from the first update). */
void progress_bar_start(struct progress_bar *bar, int wanted, const char *name,
                        const char *delay_env);

/* done of total bytes (total 0: unknown). Draws when the delay has passed and
 * the last drawing is old enough, or when done == total. */
void progress_bar_update(struct progress_bar *bar, uint64_t done, uint64_t total);

/* Erases the line if one was drawn (before other output, and at the end). */
void progress_bar_clear(struct progress_bar *bar);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_TOOLS_PROGRESS_BAR_H */
