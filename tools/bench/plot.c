/* bench_copy's chart: throughput against file size (log x) per method, one
 * panel per file system, drawn by gnuplot from data files in a scratch
 * directory. Only the rows measured at every size (not the sweep) are drawn. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"
#include "tools/bench_common/bench_common.h"

static const struct bench_row *find_row(const struct bench_config *c, int fs, int size,
                                        int method) {
  for (int i = 0; i < c->nrows; i++) {
    const struct bench_row *r = &c->rows[i];
    if (r->fs == fs && r->size == size && r->method == method) return r;
  }
  return NULL;
}

/* Drawn: measured at every size (not a sweep row), at least once. */
static int drawn(const struct bench_config *c, int method) {
  if (c->methods[method].sweep) return 0;
  for (int i = 0; i < c->nrows; i++) {
    if (c->rows[i].method == method && c->rows[i].n > 0) return 1;
  }
  return 0;
}

/* One data file per file system: size, then GiB/s of each drawn method
 * (memcpy's row has no file system: it is repeated in every panel). */
static int write_data(const char *path, const struct bench_config *c, int fs) {
  FILE *f = fopen(path, "w");
  if (f == NULL) return -1;
  fprintf(f, "size");
  for (int m = 0; m < c->nmethods; m++) {
    if (drawn(c, m)) fprintf(f, " \"%s\"", c->methods[m].id);
  }
  fputc('\n', f);
  for (int s = 0; s < c->nsizes; s++) {
    fprintf(f, "%llu", (unsigned long long)c->sizes[s]);
    for (int m = 0; m < c->nmethods; m++) {
      if (!drawn(c, m)) continue;
      int row_fs = bench_is_memory(c->methods[m].kind) ? -1 : fs;
      const struct bench_row *r = find_row(c, row_fs, s, m);
      if (r != NULL && r->n > 0) {
        fprintf(f, " %.4f", r->gibps);
      } else {
        fprintf(f, " ?");
      }
    }
    fputc('\n', f);
  }
  return fclose(f) == 0 ? 0 : -1;
}

int bench_write_png(const char *path, const struct bench_config *c) {
  if (strchr(path, '\'') != NULL) {
    fprintf(stderr, "bench_copy: --png path must not contain a single quote\n");
    return -1;
  }
  const char *tmp = getenv("TMPDIR") != NULL && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  char dir[PATH_MAX / 2]; /* room for the file names inside it */
  snprintf(dir, sizeof dir, "%s/bench_copy_plot.XXXXXX", tmp);
  if (mkdtemp(dir) == NULL) {
    fprintf(stderr, "bench_copy: mkdtemp: %s\n", strerror(errno));
    return -1;
  }
  int ncols = 0;
  int nmemory = 0;
  for (int m = 0; m < c->nmethods; m++) {
    ncols += drawn(c, m);
    nmemory += drawn(c, m) && bench_is_memory(c->methods[m].kind);
  }

  char script[PATH_MAX];
  snprintf(script, sizeof script, "%s/plot.gp", dir);
  FILE *g = fopen(script, "w");
  int rc = g != NULL ? 0 : -1;
  if (g != NULL) {
    fprintf(g, "set terminal pngcairo size %d,560 font ',9' noenhanced\n", 600 * c->nfs + 80);
    fprintf(g, "set output '%s'\n", path);
    fprintf(g, "set datafile missing '?'\n");
    /* Sixteen distinct colours: gnuplot's default eight repeat within one panel. */
    static const char *const kColours[] = {
        "#9400d3", "#009e73", "#56b4e9", "#e69f00", "#f0e442", "#0072b2", "#d55e00", "#000000",
        "#cc79a7", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#666666", "#e41a1c"};
    for (int i = 0; i < 16; i++) {
      fprintf(g, "set linetype %d lc rgb '%s' pt %d\n", i + 1, kColours[i], i % 13 + 1);
    }
    fprintf(g, "set linetype cycle 16\n");
    fprintf(
        g, "set multiplot layout 1,%d title 'mmap copy vs peers: page-cached, median of %d runs'\n",
        c->nfs, c->reps);
    /* Log y: 4 KiB copies run at MiB/s, memcpy in cache at tens of GiB/s. */
    fprintf(g, "set logscale x 2\nset logscale y 10\nset grid\nset key bottom right font ',8'\n");
    fprintf(g, "set xlabel 'file size'\nset ylabel 'GiB/s (median, log)'\n");
    fprintf(g, "set xtics (");
    for (int s = 0; s < c->nsizes; s++) {
      char sz[24];
      fprintf(g, "%s'%s' %llu", s ? ", " : "", bench_size_text(c->sizes[s], sz, sizeof sz),
              (unsigned long long)c->sizes[s]);
    }
    fprintf(g, ")\n");
    /* Room on both sides so the first and last size labels show. */
    fprintf(g, "set xrange [%g:%g]\n", (double)c->sizes[0] / 1.6,
            (double)c->sizes[c->nsizes - 1] * 1.6);
    for (int f = 0; f < c->nfs && rc == 0; f++) {
      char data[PATH_MAX];
      snprintf(data, sizeof data, "%s/fs%d.dat", dir, f);
      rc = write_data(data, c, f);
      fprintf(g, "set title '%s'\n", c->fs[f].label);
      /* The memory rows (the first columns) dashed: ceilings, not copies. */
      fprintf(g,
              "plot for [i=2:%d] '%s' using 1:i with linespoints lw 2 dt 2 title columnhead(i), "
              "for [i=%d:%d] '%s' using 1:i with linespoints lw 2 title columnhead(i)\n",
              1 + nmemory, data, 2 + nmemory, ncols + 1, data);
    }
    fprintf(g, "unset multiplot\n");
    if (fclose(g) != 0) rc = -1;
  }
  if (rc == 0) rc = bench_run_gnuplot(script, "bench_copy");
  if (rc != 0) fprintf(stderr, "bench_copy: could not draw %s (files kept in %s)\n", path, dir);
  if (rc == 0) {
    char cmd[PATH_MAX + 16];
    for (int f = 0; f < c->nfs; f++) {
      snprintf(cmd, sizeof cmd, "%s/fs%d.dat", dir, f);
      unlink(cmd);
    }
    unlink(script);
    rmdir(dir);
  }
  return rc;
}
