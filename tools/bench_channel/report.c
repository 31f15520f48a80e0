/* bench_channel's summaries and outputs: medians with min..max over the
 * repetitions, each row's ratio to the pipe measured next to it in the same
 * repetition, the table, the CSV and the gnuplot chart. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_channel.h"
#include "tools/bench_common/bench_common.h"

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double bc_quantile(double *v, long n, double p) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  double pos = p * (double)(n - 1);
  long i = (long)pos;
  if (i + 1 >= n) return v[n - 1];
  return v[i] + (pos - (double)i) * (v[i + 1] - v[i]);
}

struct bc_spread bc_spread_of(const double *v, int n) {
  double s[BC_MAX_REPS];
  memcpy(s, v, (size_t)n * sizeof *v);
  struct bc_spread r;
  r.med = bc_quantile(s, n, 0.5);
  r.min = s[0];
  r.max = s[n - 1];
  return r;
}

const char *bc_size_text(size_t len, char *buf, size_t buflen) {
  if (len >= 1024 && len % 1024 == 0) {
    snprintf(buf, buflen, "%zu KiB", len / 1024);
  } else {
    snprintf(buf, buflen, "%zu B", len);
  }
  return buf;
}

static const struct bc_row *pipe_row(const struct bc_row *rows, int nrows, const struct bc_row *r) {
  for (int i = 0; i < nrows; i++) {
    const struct bc_row *p = &rows[i];
    if (p->t == &bc_pipe && p->len == r->len && p->senders == r->senders) return p;
  }
  return NULL;
}

/* Repetition k of every row ran in the same round: pair them up. A failed
 * run leaves the arrays shorter, so only rows with every repetition pair. */
void bc_pair_with_pipe(struct bc_row *rows, int nrows, int reps) {
  for (int i = 0; i < nrows; i++) {
    struct bc_row *r = &rows[i];
    const struct bc_row *p = pipe_row(rows, nrows, r);
    r->n_x_pipe = 0;
    if (p == NULL || p->n != reps || r->n != reps) continue;
    for (int k = 0; k < reps; k++) {
      r->x_pipe[k] = r->senders > 0 ? r->msgs[k] / p->msgs[k] : p->p50[k] / r->p50[k];
    }
    r->n_x_pipe = reps;
  }
}

static void spread_text(char *buf, size_t len, const double *v, int n, double scale,
                        const char *fmt) {
  if (n == 0) {
    snprintf(buf, len, "-");
    return;
  }
  struct bc_spread s = bc_spread_of(v, n);
  char a[16], b[16], c[16];
  snprintf(a, sizeof a, fmt, s.med * scale);
  snprintf(b, sizeof b, fmt, s.min * scale);
  snprintf(c, sizeof c, fmt, s.max * scale);
  snprintf(buf, len, "%s (%s..%s)", a, b, c);
}

static int is_skipped_or_failed(FILE *out, const struct bc_row *r, const char *size) {
  if (r->skipped != NULL) {
    fprintf(out, "  %-8s %-11s n/a: %s\n", size, r->t->id, r->skipped);
    return 1;
  }
  if (r->n == 0) {
    fprintf(out, "  %-8s %-11s FAILED: %s\n", size, r->t->id, r->error);
    return 1;
  }
  return 0;
}

static void print_throughput(FILE *out, const struct bc_row *rows, int nrows, int senders) {
  fprintf(out, "\nOne-way throughput, %d sender%s -> 1 receiver\n", senders,
          senders > 1 ? "s" : "");
  fprintf(out, "  %-8s %-11s %-26s %8s %-24s %6s\n", "size", "transport", "M msg/s (min..max)",
          "GiB/s", "x pipe (min..max)", "CPUs");
  for (int i = 0; i < nrows; i++) {
    const struct bc_row *r = &rows[i];
    if (r->senders != senders) continue;
    char size[16], msgs[80], x[80];
    bc_size_text(r->len, size, sizeof size);
    if (is_skipped_or_failed(out, r, size)) continue;
    spread_text(msgs, sizeof msgs, r->msgs, r->n, 1e-6, "%.3f");
    spread_text(x, sizeof x, r->x_pipe, r->n_x_pipe, 1, "%.2f");
    struct bc_spread m = bc_spread_of(r->msgs, r->n);
    struct bc_spread cpu = bc_spread_of(r->cpu, r->n);
    fprintf(out, "  %-8s %-11s %-26s %8.3f %-24s %6.2f\n", size, r->t->id, msgs,
            m.med * (double)r->len / (double)(1u << 30), x, cpu.med);
  }
}

static void print_roundtrip(FILE *out, const struct bc_row *rows, int nrows) {
  fprintf(out, "\nRound trip (parent -> child -> parent), microseconds\n");
  fprintf(out, "  %-8s %-11s %-24s %-24s %-24s\n", "size", "transport", "p50 (min..max)",
          "p99 (min..max)", "pipe p50 / p50");
  for (int i = 0; i < nrows; i++) {
    const struct bc_row *r = &rows[i];
    if (r->senders != 0) continue;
    char size[16], p50[80], p99[80], x[80];
    bc_size_text(r->len, size, sizeof size);
    if (is_skipped_or_failed(out, r, size)) continue;
    spread_text(p50, sizeof p50, r->p50, r->n, 1, "%.1f");
    spread_text(p99, sizeof p99, r->p99, r->n, 1, "%.1f");
    spread_text(x, sizeof x, r->x_pipe, r->n_x_pipe, 1, "%.2f");
    fprintf(out, "  %-8s %-11s %-24s %-24s %-24s\n", size, r->t->id, p50, p99, x);
  }
}

void bc_print_table(FILE *out, const struct bc_row *rows, int nrows, int reps) {
  fprintf(out,
          "Medians of %d interleaved runs (min..max). x pipe: ratio to the pipe run in the "
          "same round (> 1: faster than the pipe). CPUs: CPU seconds per second, all "
          "processes.\n",
          reps);
  int done[BC_MAX_SENDERS + 1] = {0};
  for (int i = 0; i < nrows; i++) {
    int s = rows[i].senders;
    if (s > 0 && !done[s]) {
      print_throughput(out, rows, nrows, s);
      done[s] = 1;
    }
  }
  print_roundtrip(out, rows, nrows);
}

int bc_write_csv(const char *path, const struct bc_row *rows, int nrows) {
  FILE *f = fopen(path, "w");
  if (f == NULL) {
    fprintf(stderr, "bench_channel: %s: %s\n", path, strerror(errno));
    return -1;
  }
  fprintf(f,
          "workload,transport,size,senders,runs,msgs_med,msgs_min,msgs_max,gibps_med,"
          "x_pipe_med,x_pipe_min,x_pipe_max,cpus_med,p50_us_med,p50_us_min,p50_us_max,"
          "p99_us_med,p99_us_min,p99_us_max,note\n");
  for (int i = 0; i < nrows; i++) {
    const struct bc_row *r = &rows[i];
    fprintf(f, "%s,%s,%zu,%d,%d", r->senders > 0 ? "oneway" : "roundtrip", r->t->id, r->len,
            r->senders, r->n);
    struct bc_spread m = {0, 0, 0}, x = {0, 0, 0}, c = {0, 0, 0}, p50 = {0, 0, 0}, p99 = {0, 0, 0};
    if (r->n > 0 && r->senders > 0) {
      m = bc_spread_of(r->msgs, r->n);
      c = bc_spread_of(r->cpu, r->n);
    }
    if (r->n > 0 && r->senders == 0) {
      p50 = bc_spread_of(r->p50, r->n);
      p99 = bc_spread_of(r->p99, r->n);
    }
    if (r->n_x_pipe > 0) x = bc_spread_of(r->x_pipe, r->n_x_pipe);
    fprintf(f, ",%.0f,%.0f,%.0f,%.4f,%.3f,%.3f,%.3f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f", m.med,
            m.min, m.max, m.med * (double)r->len / (double)(1u << 30), x.med, x.min, x.max, c.med,
            p50.med, p50.min, p50.max, p99.med, p99.min, p99.max);
    const char *note = r->skipped != NULL ? r->skipped : r->n == 0 ? r->error : "";
    fprintf(f, ",\"%s\"\n", note);
  }
  return fclose(f) == 0 ? 0 : -1;
}

/* --- chart ---------------------------------------------------------------------- */

/* The transports in the order of the rows, each once. */
static int transports_of(const struct bc_row *rows, int nrows, const struct bc_transport **t) {
  int n = 0;
  for (int i = 0; i < nrows; i++) {
    int seen = 0;
    for (int j = 0; j < n; j++) seen |= t[j] == rows[i].t;
    if (!seen) t[n++] = rows[i].t;
  }
  return n;
}

/* size, then the median of each transport ('?' where not measured): msg/s
 * for senders > 0, p50 microseconds for senders == 0. */
static int write_data(const char *path, const struct bc_row *rows, int nrows, int senders) {
  const struct bc_transport *t[16];
  int nt = transports_of(rows, nrows, t);
  FILE *f = fopen(path, "w");
  if (f == NULL) return -1;
  fprintf(f, "size");
  for (int j = 0; j < nt; j++) fprintf(f, " \"%s\"", t[j]->id);
  fputc('\n', f);
  size_t last = 0;
  for (int i = 0; i < nrows; i++) {
    size_t len = rows[i].len;
    if (len == last || rows[i].senders != senders) continue;
    last = len;
    fprintf(f, "%zu", len);
    for (int j = 0; j < nt; j++) {
      const struct bc_row *r = NULL;
      for (int k = 0; k < nrows; k++) {
        if (rows[k].t == t[j] && rows[k].len == len && rows[k].senders == senders) r = &rows[k];
      }
      if (r == NULL || r->n == 0) {
        fprintf(f, " ?");
      } else {
        fprintf(
            f, " %.4f",
            senders > 0 ? bc_spread_of(r->msgs, r->n).med * 1e-6 : bc_spread_of(r->p50, r->n).med);
      }
    }
    fputc('\n', f);
  }
  return fclose(f) == 0 ? 0 : -1;
}

int bc_write_png(const char *path, const struct bc_row *rows, int nrows, int reps,
                 int many_senders) {
  if (strchr(path, '\'') != NULL) {
    fprintf(stderr, "bench_channel: --png path must not contain a single quote\n");
    return -1;
  }
  const char *tmp = getenv("TMPDIR") != NULL && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  char dir[PATH_MAX / 2];
  snprintf(dir, sizeof dir, "%s/bench_channel_plot.XXXXXX", tmp);
  if (mkdtemp(dir) == NULL) {
    fprintf(stderr, "bench_channel: mkdtemp: %s\n", strerror(errno));
    return -1;
  }
  const struct bc_transport *t[16];
  int nt = transports_of(rows, nrows, t);
  const int panels[3] = {1, many_senders, 0};
  char data[3][PATH_MAX], script[PATH_MAX];
  snprintf(script, sizeof script, "%s/plot.gp", dir);
  int rc = 0;
  for (int p = 0; p < 3 && rc == 0; p++) {
    snprintf(data[p], sizeof data[p], "%s/panel%d.dat", dir, p);
    rc = write_data(data[p], rows, nrows, panels[p]);
  }
  FILE *g = rc == 0 ? fopen(script, "w") : NULL;
  if (g == NULL) rc = -1;
  if (g != NULL) {
    fprintf(g, "set terminal pngcairo size 1500,520 font ',9' noenhanced\n");
    fprintf(g, "set output '%s'\nset datafile missing '?'\n", path);
    fprintf(g,
            "set multiplot layout 1,3 title 'mk_channel vs peers across fork(): median of %d "
            "interleaved runs'\n",
            reps);
    /* Throughput falls with size: the lower left is free for the key. */
    fprintf(g, "set logscale x 2\nset logscale y 10\nset grid\nset key bottom left font ',8'\n");
    fprintf(g,
            "set xlabel 'message size'\nset xtics ('8 B' 8, '64 B' 64, '512 B' 512, "
            "'4 KiB' 4096, '64 KiB' 65536)\nset xrange [5:100000]\n");
    for (int p = 0; p < 3; p++) {
      if (panels[p] > 0) {
        fprintf(g, "set title 'one-way, %d sender%s'\nset ylabel 'million messages/s (log)'\n",
                panels[p], panels[p] > 1 ? "s" : "");
      } else {
        fprintf(g,
                "set title 'round trip p50 (lower is better)'\n"
                "set ylabel 'microseconds (log)'\nset key top left font ',8'\n");
      }
      fprintf(g, "plot for [i=2:%d] '%s' using 1:i with linespoints lw 2 title columnhead(i)\n",
              nt + 1, data[p]);
    }
    fprintf(g, "unset multiplot\n");
    if (fclose(g) != 0) rc = -1;
  }
  if (rc == 0) rc = bench_run_gnuplot(script, "bench_channel");
  if (rc != 0) {
    fprintf(stderr, "bench_channel: could not draw %s (files kept in %s)\n", path, dir);
    return -1;
  }
  for (int p = 0; p < 3; p++) unlink(data[p]);
  unlink(script);
  rmdir(dir);
  return 0;
}
