/* A one-line progress bar on stderr (tools/progress_bar.h). */
#define _GNU_SOURCE
#include "tools/progress_bar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Redraw at most this often (seconds): enough to look alive, cheap to draw. */
static const double kRedraw = 0.2;
enum { BAR_CELLS = 10, LINE_MAX_BYTES = 1024 };

static double seconds_since(const struct timespec *start) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* The last keep bytes of s at most, not starting inside a UTF-8 character. */
static const char *tail_of(const char *s, size_t keep) {
  size_t len = strlen(s);
  const char *p = len <= keep ? s : s + len - keep;
  while ((*p & 0xC0) == 0x80) p++;
  return p;
}

void progress_bar_start(struct progress_bar *bar, int wanted, const char *name,
                        const char *delay_env) {
  memset(bar, 0, sizeof *bar);
  bar->enabled = wanted && isatty(STDERR_FILENO);
  bar->delay = 1.0;
  const char *env = delay_env != NULL ? getenv(delay_env) : NULL;
  if (env != NULL && *env != '\0') {
    char *end;
    double v = strtod(env, &end);
    if (*end == '\0' && v >= 0) bar->delay = v;
  }
  snprintf(bar->name, sizeof bar->name, "%s",
           tail_of(name != NULL ? name : "", sizeof bar->name - 1));
  clock_gettime(CLOCK_MONOTONIC, &bar->start);
}

/* "512.0 MiB" */
static void size_text(char *buf, size_t len, double bytes) {
  static const char *const kUnit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    u++;
  }
  snprintf(buf, len, u == 0 ? "%.0f %s" : "%.1f %s", bytes, kUnit[u]);
}

static int terminal_columns(void) {
  struct winsize ws;
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  return 80;
}

void progress_bar_update(struct progress_bar *bar, uint64_t done, uint64_t total) {
  if (!bar->enabled) return;
  double t = seconds_since(&bar->start);
  int finished = total > 0 && done >= total;
  if (t < bar->delay) return;
  if (bar->drawn && !finished && t - bar->last_draw < kRedraw) return;
  bar->last_draw = t;

  char have[32], all[32], rate[32], tail[160];
  size_text(have, sizeof have, (double)done);
  size_text(rate, sizeof rate, t > 0 ? (double)done / t : 0);
  if (total > 0) {
    int pct = (int)((double)done * 100.0 / (double)total);
    int cells = (int)((double)done * BAR_CELLS / (double)total);
    char cell[BAR_CELLS + 1];
    for (int i = 0; i < BAR_CELLS; i++) cell[i] = i < cells ? '#' : '.';
    cell[BAR_CELLS] = '\0';
    size_text(all, sizeof all, (double)total);
    double left = done > 0 ? t * (double)(total - done) / (double)done : 0;
    snprintf(tail, sizeof tail, " %3d%% [%s] %s / %s  %s/s  ETA %d:%02d", pct, cell, have, all,
             rate, (int)left / 60, (int)left % 60);
  } else {
    snprintf(tail, sizeof tail, " %s  %s/s", have, rate);
  }
  /* The name gets what the terminal has left, its end kept (the file name). */
  int room = terminal_columns() - 1 - (int)strlen(tail);
  const char *name = bar->name;
  int name_len = (int)strlen(name);
  char line[LINE_MAX_BYTES];
  if (room < 4) {
    snprintf(line, sizeof line, "\r%.*s\033[K", terminal_columns() - 1, tail + 1);
  } else if (name_len <= room) {
    snprintf(line, sizeof line, "\r%s%s\033[K", name, tail);
  } else {
    snprintf(line, sizeof line, "\r...%s%s\033[K", tail_of(name, (size_t)(room - 3)), tail);
  }
  fputs(line, stderr);
  bar->drawn = 1;
}

void progress_bar_clear(struct progress_bar *bar) {
  if (!bar->drawn) return;
  fputs("\r\033[K", stderr);
  bar->drawn = 0;
}
