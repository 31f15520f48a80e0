/* bench_copy - how fast is mmapkit's copy next to what a user would pick
 * instead? Options, the scratch files on each file system, the run loop
 * (every method once per repetition, in rotating order, so drift in the
 * machine's load spreads over all of them) and the outputs.
 *
 *   bazel run -c opt //tools:bench_copy -- [--quick] [--csv F] [--png F] ...
 *
 * A tool, not a test: it asserts nothing about time. It fails only when a
 * copy is wrong (verification) or cannot run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static const char kUsage[] =
    "Usage: bench_copy [options]\n"
    "Times page-cached file copies: mmapkit (defaults, window/advice sweep,\n"
    "strategies) against cp, copy_file_range, sendfile, read/write and memcpy.\n"
    "\n"
    "  --sizes LIST        file sizes, e.g. 4K,1M,64M,1G (the default)\n"
    "  --sweep-sizes LIST  sizes at which the tuning sweep runs (default 64M;\n"
    "                      added to --sizes if missing; 'none' = no sweep)\n"
    "  --reps N            runs per method and size (default 5)\n"
    "  --quick             smoke run: sizes 4K,1M,16M, sweep at 1M, 3 runs\n"
    "  --dir DIR           file system under test (default $TMPDIR or /tmp)\n"
    "  --shm DIR           second file system, tmpfs (default /dev/shm; 'none')\n"
    "  --only PATTERNS     globs of method ids to run, separated by spaces or |\n"
    "                      (e.g. 'cp* mk_range:default'); --list shows the ids\n"
    "  --list              print the method ids and exit\n"
    "  --add ID            also measure this mk_range:/mk_file: id at every size\n"
    "                      (e.g. mk_file:src_write,w=32M,j=2,populate; repeatable;\n"
    "                      j=N threads, j=auto the automatic count, none: one)\n"
    "  --no-drop-caches    do not drop the page cache before preloading sources\n"
    "  --no-warm           do not keep the memory the copies allocate warm: by default\n"
    "                      huge pages of each size are touched and freed before its\n"
    "                      runs, and each destination is removed only right before the\n"
    "                      next run, so every copy gets pages the hypervisor backs (in\n"
    "                      a VM with free page reporting, fresh 2 MiB blocks are slow\n"
    "                      and erratic to touch: see tools/bench_results.md)\n"
    "  --csv FILE          write every row as CSV\n"
    "  --png FILE          draw throughput against size per method (gnuplot)\n"
    "  --help              this text\n"
    "\n"
    "Relative FILE paths are taken from where `bazel run` was started.\n";

static volatile sig_atomic_t g_stop;

static void on_signal(int sig) {
  (void)sig;
  g_stop = 1;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static int matches(const char *patterns, const char *id) {
  if (patterns == NULL) return 1;
  char *copy = strdup(patterns);
  int hit = 0;
  /* Not commas: ids hold them ("mk_range:both,w=32M"). */
  for (char *save, *tok = strtok_r(copy, " |", &save); tok && !hit;
       tok = strtok_r(NULL, " |", &save)) {
    hit = fnmatch(tok, id, 0) == 0;
  }
  free(copy);
  return hit;
}

static struct bench_row *new_row(struct bench_config *c, int fs, int size, int method) {
  struct bench_row *r = &c->rows[c->nrows++];
  memset(r, 0, sizeof *r);
  r->fs = fs;
  r->size = size;
  r->method = method;
  return r;
}

static void record_error(struct bench_row *r, const char *err) {
  r->failed++;
  snprintf(r->error, sizeof r->error, "%s", err);
  for (char *p = r->error; *p; p++) {
    if (*p == '"') *p = '\'';
  }
}

/* The ceiling: memcpy between two anonymous buffers, both touched first. */
static int run_memcpy_rows(struct bench_config *c, int first_row, int last_row) {
  for (int i = first_row; i < last_row && !g_stop; i++) {
    struct bench_row *r = &c->rows[i];
    uint64_t size = c->sizes[r->size];
    char *src = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *dst = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (src == MAP_FAILED || dst == MAP_FAILED) {
      record_error(r, "mmap of the anonymous buffers failed");
      return -1;
    }
    bench_fill_pattern(src, 0, size);
    memset(dst, 0, size);
    if (c->warm) bench_prewarm(size);
    for (int rep = 0; rep < c->reps && !g_stop; rep++) {
      char *out = dst;
      if (c->methods[r->method].kind == BENCH_MEMCPY_ALLOC) {
        out = bench_run_memcpy_alloc(src, size, &r->s[r->n]);
      } else {
        bench_run_memcpy(dst, src, size, &r->s[r->n]);
      }
      if (out == NULL || memcmp(out, src, size) != 0) {
        record_error(r, out == NULL ? "mmap failed" : "memcpy result differs");
      } else {
        r->n++;
      }
      if (out != dst && out != NULL) munmap(out, size);
      memset(dst, 0, size); /* the next copy writes over different bytes */
    }
    munmap(src, size);
    munmap(dst, size);
  }
  return 0;
}

static void source_path(char *buf, size_t len, const struct bench_fs *f, uint64_t size) {
  snprintf(buf, len, "%s/src-%llu", f->dir, (unsigned long long)size);
}

/* Sources of every size on one file system, clean and page-cached. The
 * page cache is dropped first, not after the sources are written: dropping
 * it leaves tmpfs pages in place but, on this kernel (6.18), their mappings
 * then fault one 4 KiB page at a time instead of 16 (fault-around), which
 * makes every mapped read of them ~3x slower - a state no user's file is in. */
static int prepare_sources(struct bench_config *c, const struct bench_fs *f) {
  char src[PATH_MAX];
  if (c->drop_caches) {
    int rc = bench_drop_caches(f->dir);
    if (rc != 0) {
      printf("# %s: page cache NOT dropped (%s: writing /proc/sys/vm/drop_caches needs root)\n",
             f->label, strerror(-rc));
    } else {
      printf("# %s: syncfs + page cache dropped, then sources written, fsync'ed, kept cached\n",
             f->label);
    }
  }
  for (int s = 0; s < c->nsizes; s++) {
    source_path(src, sizeof src, f, c->sizes[s]);
    int rc = bench_make_source(src, c->sizes[s]);
    if (rc != 0) {
      fprintf(stderr, "bench_copy: cannot write %s: %s\n", src, strerror(-rc));
      return -1;
    }
    double frac = bench_preload(src, c->sizes[s]);
    if (frac < 1.0) {
      printf("# %s: only %.0f%% of %s stays in the page cache\n", f->label, frac * 100, src);
    }
  }
  return 0;
}

/* Every method at one size on one file system, reps times, in rotating order. */
static int run_block(struct bench_config *c, int f, int s, int first_row, int last_row) {
  const struct bench_fs *fs = &c->fs[f];
  uint64_t size = c->sizes[s];
  char src[PATH_MAX], dst[PATH_MAX], err[256];
  source_path(src, sizeof src, fs, size);
  snprintf(dst, sizeof dst, "%s/dst", fs->dir);
  int bad = 0;
  int count = last_row - first_row;
  if (c->warm) bench_prewarm(size);
  for (int rep = 0; rep < c->reps && !g_stop; rep++) {
    char sz[24];
    if (isatty(STDERR_FILENO)) {
      fprintf(stderr, "bench_copy: %s, %s: run %d/%d\r", fs->label,
              bench_size_text(size, sz, sizeof sz), rep + 1, c->reps);
    }
    for (int k = 0; k < count && !g_stop; k++) {
      struct bench_row *r = &c->rows[first_row + (k + rep) % count];
      const struct bench_method *m = &c->methods[r->method];
      if (bench_preload(src, size) < 1.0) {
        record_error(r, "source not fully page-cached");
        continue;
      }
      /* The previous run's destination goes only now: its pages, just
       * freed, are warm for this run (see bench_prewarm). */
      unlink(dst);
      err[0] = '\0';
      struct bench_sample sample;
      if (bench_run_file(m, src, dst, size, &sample, err, sizeof err) != 0) {
        record_error(r, err);
      } else if (bench_verify(src, dst, size, err, sizeof err) != 0) {
        record_error(r, err);
        bad = 1;
      } else {
        r->s[r->n++] = sample;
      }
      if (!c->warm) unlink(dst);
    }
  }
  unlink(dst);
  if (isatty(STDERR_FILENO)) fprintf(stderr, "%*s\r", 72, "");
  return bad ? -1 : 0;
}

static void print_header(int argc, char **argv, const struct bench_config *c) {
  struct utsname u;
  char model[128] = "?", thp[64] = "?", line[256];
  FILE *f = fopen("/proc/cpuinfo", "r");
  while (f != NULL && fgets(line, sizeof line, f) != NULL) {
    if (strncmp(line, "model name", 10) == 0) {
      snprintf(model, sizeof model, "%s", strchr(line, ':') + 2);
      model[strcspn(model, "\n")] = '\0';
      break;
    }
  }
  if (f != NULL) fclose(f);
  f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  if (f != NULL && fgets(thp, sizeof thp, f) != NULL) thp[strcspn(thp, "\n")] = '\0';
  if (f != NULL) fclose(f);
  uname(&u);
  time_t now = time(NULL);
  char date[64];
  strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S %Z", localtime(&now));
  printf("# bench_copy:");
  for (int i = 1; i < argc; i++) printf(" %s", argv[i]);
  printf("\n# %s; %s %s; %s; %ld CPUs; THP %s\n", date, u.sysname, u.release, model,
         sysconf(_SC_NPROCESSORS_ONLN), thp);
  char window[24];
  printf("# mmapkit defaults: window %s, flags 0x%x; %d runs per row; %s\n",
         bench_size_text(MK_COPY_DEFAULT_WINDOW, window, sizeof window), MK_COPY_DEFAULT_FLAGS,
         c->reps, c->warm ? "warm memory (see --no-warm)" : "no prewarming (--no-warm)");
}

static const char kNotes[] =
    "\nNotes: every run copies a page-cached source to a destination that did not exist\n"
    "(removed between runs) and is verified byte for byte outside the timed region.\n"
    "fd-to-fd rows (copy_file_range, sendfile, read_write_128k, mk_range:*) time only the\n"
    "copy on already-open files; mk_file:* times the whole mk_copy_file (open, temporary\n"
    "file, fallocate, copy, rename); cp(fork+exec) times fork + exec + cp + wait, so it\n"
    "pays the process start. x peer = throughput / best of cp, copy_file_range, sendfile,\n"
    "read_write_128k (* marks it); x memcpy = throughput / memcpy between two prefaulted\n"
    "anonymous buffers; memcpy+alloc also maps and populates its destination in the timed\n"
    "region (fresh pages: what any copy into a new file pays). minflt/majflt/cpu/sys:\n"
    "medians of getrusage deltas (RUSAGE_CHILDREN for cp); minflt also counts faults taken\n"
    "for MAP_POPULATE and inside system calls. mk ids spell the options passed: strategy,\n"
    "w= window (none: default window), flags; mk_*:default passes options = NULL.\n";

int main(int argc, char **argv) {
  static uint64_t sizes[32], sweep[32];
  int nsizes = bench_parse_sizes("4K,1M,64M,1G", sizes, 32);
  int nsweep = bench_parse_sizes("64M", sweep, 32);
  struct bench_config c = {.reps = 5, .drop_caches = 1, .warm = 1};
  const char *dir = getenv("TMPDIR") != NULL && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  const char *shm = "/dev/shm";
  const char *only = NULL;
  char *csv = NULL, *png = NULL;
  static struct bench_method extra[BENCH_MAX_METHODS / 2];
  char *only_buf = NULL; /* --only plus the --add ids, when both are given */
  int nextra = 0;
  int list = 0, sizes_given = 0, sweep_given = 0, reps_given = 0, quick = 0;

  enum {
    HELP = 'h',
    QUICK = 256,
    LIST,
    NO_WARM,
    NO_DROP_CACHES,
    SIZES,
    SWEEP_SIZES,
    REPS,
    DIR_,
    SHM,
    ADD,
    ONLY,
    CSV,
    PNG
  };
  static const struct option kOptions[] = {
      {"help", no_argument, NULL, HELP},
      {"quick", no_argument, NULL, QUICK},
      {"list", no_argument, NULL, LIST},
      {"no-warm", no_argument, NULL, NO_WARM},
      {"no-drop-caches", no_argument, NULL, NO_DROP_CACHES},
      {"sizes", required_argument, NULL, SIZES},
      {"sweep-sizes", required_argument, NULL, SWEEP_SIZES},
      {"reps", required_argument, NULL, REPS},
      {"dir", required_argument, NULL, DIR_},
      {"shm", required_argument, NULL, SHM},
      {"add", required_argument, NULL, ADD},
      {"only", required_argument, NULL, ONLY},
      {"csv", required_argument, NULL, CSV},
      {"png", required_argument, NULL, PNG},
      {NULL, 0, NULL, 0},
  };
  int opt;
  while ((opt = getopt_long(argc, argv, "h", kOptions, NULL)) != -1) {
    const char *v = optarg;
    switch (opt) {
      case HELP:
        fputs(kUsage, stdout);
        return 0;
      case QUICK:
        quick = 1;
        break;
      case LIST:
        list = 1;
        break;
      case NO_WARM:
        c.warm = 0;
        break;
      case NO_DROP_CACHES:
        c.drop_caches = 0;
        break;
      case SIZES:
        nsizes = bench_parse_sizes(v, sizes, 32);
        sizes_given = 1;
        break;
      case SWEEP_SIZES:
        nsweep = strcmp(v, "none") == 0 ? 0 : bench_parse_sizes(v, sweep, 32);
        sweep_given = 1;
        break;
      case REPS:
        c.reps = atoi(v);
        reps_given = 1;
        break;
      case DIR_:
        dir = v;
        break;
      case SHM:
        shm = strcmp(v, "none") == 0 ? NULL : v;
        break;
      case ADD:
        if (nextra == BENCH_MAX_METHODS / 2 || bench_method_parse(v, &extra[nextra]) != 0) {
          fprintf(stderr, "bench_copy: --add: not an mk_range:/mk_file: id: %s\n", v);
          return 2;
        }
        nextra++;
        break;
      case ONLY:
        only = v;
        break;
      case CSV:
        csv = bench_user_path(v);
        break;
      case PNG:
        png = bench_user_path(v);
        break;
      default: /* getopt_long said what was wrong */
        fputs(kUsage, stderr);
        return 2;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "bench_copy: unexpected argument: %s\n%s", argv[optind], kUsage);
    return 2;
  }
  if (quick) {
    if (!sizes_given) nsizes = bench_parse_sizes("4K,1M,16M", sizes, 32);
    if (!sweep_given) nsweep = bench_parse_sizes("1M", sweep, 32);
    if (!reps_given) c.reps = 3;
  }
  if (nsizes <= 0 || nsweep < 0 || c.reps < 1 || c.reps > BENCH_MAX_REPS) {
    fprintf(stderr, "bench_copy: bad --sizes, --sweep-sizes or --reps (1..%d)\n", BENCH_MAX_REPS);
    return 2;
  }
  /* Sweep sizes are measured sizes too; sizes ascending, no duplicates. */
  for (int i = 0; i < nsweep && nsizes < 32; i++) sizes[nsizes++] = sweep[i];
  qsort(sizes, (size_t)nsizes, sizeof sizes[0], cmp_u64);
  int u = 0;
  for (int i = 0; i < nsizes; i++) {
    if (u == 0 || sizes[i] != sizes[u - 1]) sizes[u++] = sizes[i];
  }
  nsizes = u;
  int is_sweep[32] = {0};
  for (int i = 0; i < nsizes; i++) {
    for (int j = 0; j < nsweep; j++) is_sweep[i] |= sizes[i] == sweep[j];
  }
  c.sizes = sizes;
  c.nsizes = nsizes;
  c.sweep_size = is_sweep;

  struct bench_method *all;
  int nall = bench_methods_default(&all);
  for (int i = 0; i < nextra && nall < BENCH_MAX_METHODS; i++) {
    int dup = 0;
    for (int j = 0; j < nall; j++) {
      if (strcmp(all[j].id, extra[i].id) == 0) {
        all[j].sweep = 0; /* measured at every size now */
        dup = 1;
      }
    }
    if (!dup) all[nall++] = extra[i];
    /* --only does not hide what --add asked for. */
    if (only != NULL) {
      char *more;
      if (asprintf(&more, "%s %s", only, extra[i].id) > 0) {
        free(only_buf);
        only = only_buf = more;
      }
    }
  }
  if (list) {
    for (int i = 0; i < nall; i++) printf("%s%s\n", all[i].id, all[i].sweep ? "  (sweep)" : "");
    free(all);
    free(only_buf);
    return 0;
  }
  c.methods = all;
  c.nmethods = nall;

  /* Space: every source, plus a destination and mk_copy_file's temporary. */
  uint64_t need = 0;
  for (int i = 0; i < nsizes; i++) need += sizes[i];
  need += 2 * sizes[nsizes - 1] + (64u << 20);
  struct bench_fs fs[2];
  c.fs = fs;
  int bad = bench_add_fs("bench_copy", fs, &c.nfs, dir, need) != 0 ||
            (shm != NULL && bench_add_fs("bench_copy", fs, &c.nfs, shm, need) != 0);
  /* Rows: memcpy once per size (no file system), then per file system. */
  c.rows = bad ? NULL : calloc((size_t)(nsizes * nall * (c.nfs + 1)), sizeof *c.rows);
  if (c.rows == NULL) {
    for (int f = 0; f < c.nfs; f++) bench_remove_scratch(fs[f].dir);
    return 1;
  }
  for (int m = 0; m < nall; m++) {
    if (!bench_is_memory(all[m].kind) || !matches(only, all[m].id)) continue;
    for (int s = 0; s < nsizes; s++) new_row(&c, -1, s, m);
  }
  int memcpy_rows = c.nrows;

  bench_catch_interrupts(on_signal);

  print_header(argc, argv, &c);
  bench_print_load("at start");
  bad = run_memcpy_rows(&c, 0, memcpy_rows) != 0;
  int file_methods = 0;
  for (int m = 0; m < nall; m++)
    file_methods += !bench_is_memory(all[m].kind) && matches(only, all[m].id);
  for (int f = 0; f < c.nfs && file_methods > 0 && !g_stop; f++) {
    if (prepare_sources(&c, &fs[f]) != 0) {
      bad = 1;
      break;
    }
    for (int s = 0; s < nsizes && !g_stop; s++) {
      int first = c.nrows;
      for (int m = 0; m < nall; m++) {
        if (bench_is_memory(all[m].kind) || !matches(only, all[m].id)) continue;
        if (all[m].sweep && !is_sweep[s]) continue;
        new_row(&c, f, s, m);
      }
      if (run_block(&c, f, s, first, c.nrows) != 0) bad = 1;
    }
  }
  bench_print_load("at end");
  for (int f = 0; f < c.nfs; f++) {
    bench_remove_scratch(fs[f].dir);
    free(fs[f].dir);
  }
  if (g_stop) {
    fprintf(stderr, "bench_copy: interrupted; scratch files removed\n");
    return 130;
  }

  bench_summarise(&c);
  bench_print_table(stdout, &c);
  fputs(kNotes, stdout);
  if (csv != NULL) {
    int rc = bench_write_csv(csv, &c);
    if (rc != 0) {
      fprintf(stderr, "bench_copy: cannot write %s: %s\n", csv, strerror(-rc));
      bad = 1;
    } else {
      printf("CSV: %s\n", csv);
    }
  }
  if (png != NULL) {
    if (bench_write_png(png, &c) != 0) {
      bad = 1;
    } else {
      printf("PNG: %s\n", png);
    }
  }
  if (bad) fprintf(stderr, "bench_copy: some runs failed or did not verify (see the table)\n");
  free(c.rows);
  free(all);
  free(only_buf);
  free(csv);
  free(png);
  return bad ? 1 : 0;
}
