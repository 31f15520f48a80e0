/* Summaries of bench_copy's samples: median and quartiles of the wall time,
 * throughput at the median, and each row's ratio to the best peer and to the
 * memcpy ceiling at the same size. */
#include <stdlib.h>

#include "bench.h"

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return (x > y) - (x < y);
}

/* Linear interpolation between closest ranks; v sorted, n > 0. */
static double quantile(const double *v, int n, double q) {
  double pos = q * (n - 1);
  int i = (int)pos;
  if (i + 1 >= n) return v[n - 1];
  return v[i] + (pos - i) * (v[i + 1] - v[i]);
}

static double median_of(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return quantile(v, n, 0.5);
}

static long median_long(long *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_long);
  return v[n / 2];
}

static void summarise_row(struct bench_row *r, uint64_t size) {
  if (r->n == 0) return;
  double t[BENCH_MAX_REPS], cpu[BENCH_MAX_REPS], sys[BENCH_MAX_REPS];
  long minf[BENCH_MAX_REPS], majf[BENCH_MAX_REPS];
  for (int i = 0; i < r->n; i++) {
    t[i] = r->s[i].sec;
    cpu[i] = r->s[i].cpu_sec;
    sys[i] = r->s[i].sys_sec;
    minf[i] = r->s[i].minflt;
    majf[i] = r->s[i].majflt;
  }
  qsort(t, (size_t)r->n, sizeof *t, cmp_double);
  r->min = t[0];
  r->max = t[r->n - 1];
  r->q1 = quantile(t, r->n, 0.25);
  r->med = quantile(t, r->n, 0.5);
  r->q3 = quantile(t, r->n, 0.75);
  r->gibps = r->med > 0 ? (double)size / r->med / (double)(1u << 30) : 0;
  r->cpu_med = median_of(cpu, r->n);
  r->sys_med = median_of(sys, r->n);
  r->minflt_med = median_long(minf, r->n);
  r->majflt_med = median_long(majf, r->n);
}

void bench_summarise(struct bench_config *c) {
  for (int i = 0; i < c->nrows; i++) {
    summarise_row(&c->rows[i], c->sizes[c->rows[i].size]);
  }
  for (int i = 0; i < c->nrows; i++) {
    struct bench_row *r = &c->rows[i];
    double peer = 0, mem = 0;
    for (int j = 0; j < c->nrows; j++) {
      const struct bench_row *o = &c->rows[j];
      if (o->size != r->size || o->n == 0) continue;
      const struct bench_method *m = &c->methods[o->method];
      if (m->kind == BENCH_MEMCPY) mem = o->gibps;
      if (m->peer && o->fs == r->fs && o->gibps > peer) peer = o->gibps;
    }
    r->x_peer = peer > 0 && r->fs >= 0 ? r->gibps / peer : 0;
    r->x_memcpy = mem > 0 ? r->gibps / mem : 0;
  }
}
