/* bench_channel - how fast is mk_channel next to what a user would pick
 * instead (pipe, SOCK_SEQPACKET, POSIX and Boost message queues)? One-way
 * throughput with one and with several sending processes, and the round
 * trip between two processes, at several message sizes. Every case runs
 * every transport once per round, in rotating order, so drift in the
 * machine's load spreads over all of them and each round pairs them up.
 *
 *   bazel run -c opt //tools/bench_channel -- [--quick] [--csv F] [--png F] ...
 *
 * A tool, not a test: it asserts nothing about time. It fails only when a
 * transport loses, repeats or reorders a message, or cannot run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench_channel.h"

static const char kUsage[] =
    "Usage: bench_channel [options]\n"
    "Times messages between processes: mk_channel against a framed pipe, an\n"
    "AF_UNIX SOCK_SEQPACKET socketpair, a POSIX message queue and Boost's\n"
    "message_queue. One-way throughput (1 and N senders) and round trips.\n"
    "\n"
    "  --sizes LIST     message sizes in bytes, >= 8 (default 8,64,4096,65536)\n"
    "  --senders N      the many-senders case (default 4; at most 16)\n"
    "  --reps N         rounds (default 5)\n"
    "  --buffer BYTES   queue capacity where the transport lets us choose it\n"
    "                   (default 1048576; see the legend)\n"
    "  --scale X        multiply the message counts (default 1)\n"
    "  --quick          smoke run: 3 rounds, a tenth of the messages\n"
    "  --only PATTERNS  globs of transport ids, separated by spaces or |\n"
    "  --no-roundtrip   only the one-way runs\n"
    "  --csv FILE       every row as CSV\n"
    "  --png FILE       the chart (gnuplot)\n"
    "  --help           this text\n";

static const struct bc_transport *const kTransports[] = {
    &bc_mk_channel, &bc_pipe, &bc_seqpacket, &bc_posix_mq, &bc_boost_mq,
};
enum { NTRANSPORTS = sizeof kTransports / sizeof kTransports[0], MAX_SIZES = 16 };

struct options {
  size_t sizes[MAX_SIZES];
  int nsizes;
  int senders;
  int reps;
  size_t buffer;
  double scale;
  int roundtrip;
  const char *only;
  const char *csv;
  const char *png;
};

static int selected(const struct options *o, const char *id) {
  if (o->only == NULL) return 1;
  char *list = strdup(o->only), *save = NULL;
  int hit = 0;
  for (char *p = strtok_r(list, " |", &save); p != NULL && !hit; p = strtok_r(NULL, " |", &save)) {
    hit = fnmatch(p, id, 0) == 0;
  }
  free(list);
  return hit;
}

static int parse_sizes(const char *s, struct options *o) {
  char *list = strdup(s), *save = NULL;
  o->nsizes = 0;
  for (char *p = strtok_r(list, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
    char *end;
    unsigned long v = strtoul(p, &end, 10);
    if (*end != '\0' || v < 8 || v > (64u << 20) || o->nsizes == MAX_SIZES) {
      free(list);
      return -1;
    }
    o->sizes[o->nsizes++] = v;
  }
  free(list);
  return o->nsizes > 0 ? 0 : -1;
}

static int parse_options(int argc, char **argv, struct options *o) {
  *o = (struct options){{8, 64, 4096, 65536}, 4, 4, 5, 1 << 20, 1.0, 1, NULL, NULL, NULL};
  enum {
    HELP = 'h',
    QUICK = 256,
    NO_ROUNDTRIP,
    SIZES,
    SENDERS,
    REPS,
    BUFFER,
    SCALE,
    ONLY,
    CSV,
    PNG
  };
  static const struct option kOptions[] = {
      {"help", no_argument, NULL, HELP},
      {"quick", no_argument, NULL, QUICK},
      {"no-roundtrip", no_argument, NULL, NO_ROUNDTRIP},
      {"sizes", required_argument, NULL, SIZES},
      {"senders", required_argument, NULL, SENDERS},
      {"reps", required_argument, NULL, REPS},
      {"buffer", required_argument, NULL, BUFFER},
      {"scale", required_argument, NULL, SCALE},
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
        exit(0);
      case QUICK:
        o->reps = 3;
        o->scale = 0.1;
        break;
      case NO_ROUNDTRIP:
        o->roundtrip = 0;
        break;
      case SIZES:
        if (parse_sizes(v, o) != 0) {
          fprintf(stderr, "bench_channel: --sizes %s: want sizes from 8 B to 64 MiB\n", v);
          return -1;
        }
        break;
      case SENDERS:
        o->senders = atoi(v);
        if (o->senders < 1 || o->senders > BC_MAX_SENDERS) {
          fprintf(stderr, "bench_channel: --senders %s: want 1..%d\n", v, BC_MAX_SENDERS);
          return -1;
        }
        break;
      case REPS:
        o->reps = atoi(v);
        if (o->reps < 1 || o->reps > BC_MAX_REPS) {
          fprintf(stderr, "bench_channel: --reps %s: want 1..%d\n", v, BC_MAX_REPS);
          return -1;
        }
        break;
      case BUFFER:
        o->buffer = strtoul(v, NULL, 10);
        if (o->buffer < 16 || o->buffer > (1u << 30)) {
          fprintf(stderr, "bench_channel: --buffer %s: want 16 B .. 1 GiB\n", v);
          return -1;
        }
        break;
      case SCALE:
        o->scale = atof(v);
        if (!(o->scale > 0 && o->scale <= 100)) {
          fprintf(stderr, "bench_channel: --scale %s: want (0, 100]\n", v);
          return -1;
        }
        break;
      case ONLY:
        o->only = v;
        break;
      case CSV:
        o->csv = v;
        break;
      case PNG:
        o->png = v;
        break;
      default: /* getopt_long said what was wrong */
        fputs(kUsage, stderr);
        return -1;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "bench_channel: unexpected argument: %s\n%s", argv[optind], kUsage);
    return -1;
  }
  return 0;
}

/* Messages per one-way run (all senders together) and round trips per
 * round-trip run: about a quarter of a second each for the faster
 * transports on a small machine. */
static long oneway_messages(size_t len, double scale) {
  long n = len <= 256 ? 400000 : len <= 8192 ? 100000 : 10000;
  n = (long)((double)n * scale);
  return n > 100 ? n : 100;
}

static long roundtrips(size_t len, double scale) {
  long n = (long)((len <= 8192 ? 20000 : 5000) * scale);
  return n > 100 ? n : 100;
}

static void print_load(const char *when) {
  double load[3];
  if (getloadavg(load, 3) == 3) {
    printf("load average %s: %.2f %.2f %.2f\n", when, load[0], load[1], load[2]);
  }
}

/* One row per transport, size and workload (senders: 1, N; 0 = round trip). */
static int make_rows(const struct options *o, struct bc_row **out) {
  int workloads[3] = {1}, nworkloads = 1;
  if (o->senders > 1) workloads[nworkloads++] = o->senders;
  if (o->roundtrip) workloads[nworkloads++] = 0;
  struct bc_row *rows = calloc((size_t)(o->nsizes * 3 * NTRANSPORTS), sizeof *rows);
  if (rows == NULL) return -1;
  int n = 0;
  for (int w = 0; w < nworkloads; w++) {
    for (int s = 0; s < o->nsizes; s++) {
      for (int t = 0; t < NTRANSPORTS; t++) {
        if (!selected(o, kTransports[t]->id) && kTransports[t] != &bc_pipe) continue;
        struct bc_row *r = &rows[n++];
        r->t = kTransports[t];
        r->len = o->sizes[s];
        r->senders = workloads[w];
        r->skipped = r->t->unsupported(r->len, r->senders > 0 ? r->senders : 1);
      }
    }
  }
  *out = rows;
  return n;
}

static void run_one(struct bc_row *r, const struct options *o) {
  char err[BC_ERR_LEN] = "";
  if (r->senders > 0) {
    struct bc_throughput tp;
    long each = oneway_messages(r->len, o->scale) / r->senders;
    if (bc_run_throughput(r->t, r->len, r->senders, each, o->buffer, &tp, err, sizeof err) == 0) {
      r->msgs[r->n] = (double)tp.messages / tp.sec;
      r->cpu[r->n] = tp.total_cpu / tp.sec;
      r->n++;
      return;
    }
  } else {
    long rounds = roundtrips(r->len, o->scale);
    double *us = malloc((size_t)rounds * sizeof *us);
    int rc = us == NULL ? -1
                        : bc_run_roundtrip(r->t, r->len, rounds / 10, rounds, o->buffer, us, err,
                                           sizeof err);
    if (rc == 0) {
      r->p50[r->n] = bc_quantile(us, rounds, 0.50);
      r->p99[r->n] = bc_quantile(us, rounds, 0.99);
      r->n++;
      free(us);
      return;
    }
    free(us);
  }
  snprintf(r->error, sizeof r->error, "%s", err);
  fprintf(stderr, "bench_channel: %s, %zu B, %d senders: %s\n", r->t->id, r->len, r->senders, err);
}

int main(int argc, char **argv) {
  struct options o;
  if (parse_options(argc, argv, &o) != 0) return 2;
  signal(SIGPIPE, SIG_IGN);
  /* Room for big POSIX message queues (root may raise its own limit). */
  struct rlimit mq = {RLIM_INFINITY, RLIM_INFINITY};
  setrlimit(RLIMIT_MSGQUEUE, &mq);

  struct bc_row *rows;
  int nrows = make_rows(&o, &rows);
  if (nrows < 0) return 1;
  struct utsname u;
  uname(&u);
  printf("bench_channel: %s %s %s, %ld CPUs online, buffer %zu bytes\n", u.sysname, u.release,
         u.machine, sysconf(_SC_NPROCESSORS_ONLN), o.buffer);
  for (int t = 0; t < NTRANSPORTS; t++) {
    if (selected(&o, kTransports[t]->id) || kTransports[t] == &bc_pipe) {
      printf("  %-11s %s\n", kTransports[t]->id, kTransports[t]->what);
    }
  }
  print_load("at start");
  fflush(stdout);

  /* A case is a size and workload: its transports run back to back, first
   * one rotating with the round. */
  int ntransports = 0;
  while (ntransports < nrows && rows[ntransports].len == rows[0].len &&
         rows[ntransports].senders == rows[0].senders) {
    ntransports++;
  }
  for (int rep = 0; rep < o.reps; rep++) {
    for (int c = 0; c < nrows; c += ntransports) {
      for (int k = 0; k < ntransports; k++) {
        struct bc_row *r = &rows[c + (k + rep) % ntransports];
        if (r->skipped == NULL) run_one(r, &o);
      }
    }
    fprintf(stderr, "bench_channel: round %d of %d done\n", rep + 1, o.reps);
  }
  print_load("at end");

  bc_pair_with_pipe(rows, nrows, o.reps);
  bc_print_table(stdout, rows, nrows, o.reps);
  int rc = 0;
  if (o.csv != NULL && bc_write_csv(o.csv, rows, nrows) != 0) rc = 1;
  if (o.png != NULL && bc_write_png(o.png, rows, nrows, o.reps, o.senders) != 0) rc = 1;
  for (int i = 0; i < nrows; i++) {
    if (rows[i].skipped == NULL && rows[i].n < o.reps) rc = 1;
  }
  free(rows);
  return rc;
}
