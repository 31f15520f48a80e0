/* bench_copy's outputs in text: the table (one block per file system and
 * size, memcpy ceiling first), the goal check, and the CSV. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

static const char *fs_label(const struct bench_config *c, int fs) {
  return fs < 0 ? "memory" : c->fs[fs].label;
}

static void print_row(FILE *out, const struct bench_config *c, const struct bench_row *r,
                      double best_peer) {
  const struct bench_method *m = &c->methods[r->method];
  if (r->n == 0) {
    fprintf(out, "  %-40s FAILED (%d runs): %s\n", m->id, r->failed, r->error);
    return;
  }
  char spread[40];
  snprintf(spread, sizeof spread, "%.3f..%.3f", r->min * 1e3, r->max * 1e3);
  char xpeer[16] = "     -";
  if (r->x_peer > 0) {
    snprintf(xpeer, sizeof xpeer, "%6.2f%s", r->x_peer,
             m->peer && r->gibps == best_peer ? "*" : " ");
  }
  fprintf(out, "  %-40s %10.3f %21s %7.2f %7s %7.2f %8ld %6ld %8.1f %8.1f", m->id, r->med * 1e3,
          spread, r->gibps, xpeer, r->x_memcpy, r->minflt_med, r->majflt_med, r->cpu_med * 1e3,
          r->sys_med * 1e3);
  if (r->failed > 0) fprintf(out, "  (%d failed: %s)", r->failed, r->error);
  fputc('\n', out);
}

/* The best peer's throughput for one file system and size. */
static double best_peer(const struct bench_config *c, int fs, int size) {
  double best = 0;
  for (int i = 0; i < c->nrows; i++) {
    const struct bench_row *r = &c->rows[i];
    if (r->fs == fs && r->size == size && c->methods[r->method].peer && r->gibps > best) {
      best = r->gibps;
    }
  }
  return best;
}

static void print_goal(FILE *out, const struct bench_config *c) {
  int header = 0;
  for (int f = 0; f < c->nfs; f++) {
    for (int s = 0; s < c->nsizes; s++) {
      if (c->sizes[s] < (64u << 20)) continue;
      for (int i = 0; i < c->nrows; i++) {
        const struct bench_row *r = &c->rows[i];
        const struct bench_method *m = &c->methods[r->method];
        if (r->fs != f || r->size != s || !m->defaults || r->n == 0) continue;
        if (!header) {
          fprintf(out,
                  "\nGoal: mmapkit's default >= 0.90x the best peer and >= 0.50x memcpy "
                  "(page-cached, >= 64 MiB)\n");
          header = 1;
        }
        char sz[24];
        int ok = r->x_peer >= 0.90 && (r->x_memcpy == 0 || r->x_memcpy >= 0.50);
        fprintf(out, "  %-12s %-8s %-18s %5.2fx peer  %5.2fx memcpy  %s\n", fs_label(c, f),
                bench_size_text(c->sizes[s], sz, sizeof sz), m->id, r->x_peer, r->x_memcpy,
                ok ? "MET" : "MISSED");
      }
    }
  }
}

void bench_print_table(FILE *out, const struct bench_config *c) {
  for (int f = 0; f < c->nfs; f++) {
    for (int s = 0; s < c->nsizes; s++) {
      char sz[24];
      fprintf(out, "\n== %s, %s, %d runs each ==\n", fs_label(c, f),
              bench_size_text(c->sizes[s], sz, sizeof sz), c->reps);
      fprintf(out, "  %-40s %10s %21s %7s %7s %7s %8s %6s %8s %8s\n", "method", "median ms",
              "min..max ms", "GiB/s", "x peer", "x memcpy", "minflt", "majflt", "cpu ms", "sys ms");
      double best = best_peer(c, f, s);
      /* memcpy (no file system) heads every block. */
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < c->nrows; i++) {
          const struct bench_row *r = &c->rows[i];
          if (r->size != s || r->fs != (pass == 0 ? -1 : f)) continue;
          print_row(out, c, r, best);
        }
      }
    }
  }
  print_goal(out, c);
}

static const char *kind_name(enum bench_kind k) {
  switch (k) {
    case BENCH_MEMCPY:
      return "memcpy";
    case BENCH_MEMCPY_ALLOC:
      return "memcpy_alloc";
    case BENCH_CP:
      return "cp";
    case BENCH_CFR:
      return "copy_file_range";
    case BENCH_SENDFILE:
      return "sendfile";
    case BENCH_RW:
      return "read_write";
    case BENCH_MK_RANGE:
      return "mk_copy_range";
    case BENCH_MK_FILE:
    default:
      return "mk_copy_file";
  }
}

int bench_write_csv(const char *path, const struct bench_config *c) {
  FILE *f = fopen(path, "w");
  if (f == NULL) return -errno;
  fprintf(f,
          "fs,size_bytes,method,kind,peer,sweep,defaults,strategy,window,flags,runs,failed,"
          "median_s,min_s,q1_s,q3_s,max_s,gibps,x_best_peer,x_memcpy,minflt,majflt,cpu_s,sys_s,"
          "error\n");
  for (int i = 0; i < c->nrows; i++) {
    const struct bench_row *r = &c->rows[i];
    const struct bench_method *m = &c->methods[r->method];
    /* The error text is ours and holds no quotes; ids hold commas. */
    fprintf(f,
            "\"%s\",%llu,\"%s\",%s,%d,%d,%d,%s,%zu,%u,%d,%d,%.9f,%.9f,%.9f,%.9f,%.9f,%.4f,%.4f,"
            "%.4f,%ld,%ld,%.6f,%.6f,\"%s\"\n",
            fs_label(c, r->fs), (unsigned long long)c->sizes[r->size], m->id, kind_name(m->kind),
            m->peer, m->sweep, m->defaults, m->peer ? "" : mk_copy_strategy_name(m->opts.strategy),
            m->opts.window, m->opts.flags, r->n, r->failed, r->med, r->min, r->q1, r->q3, r->max,
            r->gibps, r->x_peer, r->x_memcpy, r->minflt_med, r->majflt_med, r->cpu_med, r->sys_med,
            r->error);
  }
  if (fclose(f) != 0) return -errno;
  return 0;
}
