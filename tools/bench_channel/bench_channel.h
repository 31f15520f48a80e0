/* bench_channel.h - what the parts of tools/bench_channel share: the message
 * transports measured (transports.c, boost_mq.cc), the two workloads that
 * time them across fork() (workload.c), and the summaries, table, CSV and
 * chart (report.c). */
#ifndef MMAPKIT_TOOLS_BENCH_CHANNEL_H
#define MMAPKIT_TOOLS_BENCH_CHANNEL_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { BC_MAX_SENDERS = 16, BC_MAX_REPS = 64, BC_ERR_LEN = 200 };

/* One one-way queue of messages from any number of senders to one receiver,
 * created before fork() and used by the parent and its children. */
struct bc_queue;

struct bc_transport {
  const char *id;   /* CSV key, --only patterns, chart titles */
  const char *what; /* one line for the table's legend */
  /* Why messages of len bytes from `senders` senders cannot be carried
   * (NULL: they can). */
  const char *(*unsupported)(size_t len, int senders);
  /* Creates a queue for messages of at most max_len bytes (capacity: roughly
   * `buffer` bytes of queued messages where the transport lets us choose).
   * Returns NULL with a message in err. */
  struct bc_queue *(*create)(size_t max_len, size_t buffer, char *err, size_t errlen);
  /* In each process after fork(): what that process will do with q. */
  int (*be_sender)(struct bc_queue *q);
  int (*be_receiver)(struct bc_queue *q);
  /* 0, or -errno. */
  int (*send)(struct bc_queue *q, const void *msg, size_t len);
  /* The message's length, or -errno. */
  long (*recv)(struct bc_queue *q, void *buf, size_t cap);
  /* This process's part: every process that used q calls it. */
  void (*destroy)(struct bc_queue *q);
};

/* transports.c: mk_channel, framed pipe, SOCK_SEQPACKET socketpair, POSIX
 * message queue; boost_mq.cc: Boost.Interprocess message_queue. */
extern const struct bc_transport bc_mk_channel, bc_pipe, bc_seqpacket, bc_posix_mq, bc_boost_mq;

/* --- workload.c */

struct bc_throughput {
  double sec;       /* from the start signal to the last message received */
  long messages;    /* received (all of them, or the run failed) */
  double sys_sec;   /* system CPU of every process involved */
  double total_cpu; /* user + system CPU of every process involved */
};

/* One-way: `senders` forked children send msgs_each messages of len bytes
 * to the parent as fast as they can. Every message is checked on arrival
 * (sender, sequence number, length): nothing lost, duplicated or reordered
 * per sender. Returns 0, or -1 with a message in err. */
int bc_run_throughput(const struct bc_transport *t, size_t len, int senders, long msgs_each,
                      size_t buffer, struct bc_throughput *out, char *err, size_t errlen);

/* Round trip: the parent sends a message of len bytes to a forked child,
 * which sends it back; `rounds` timed round trips after `warmup` untimed
 * ones. Fills us[0..rounds) with each round trip in microseconds. Returns 0,
 * or -1 with a message in err. */
int bc_run_roundtrip(const struct bc_transport *t, size_t len, long warmup, long rounds,
                     size_t buffer, double *us, char *err, size_t errlen);

/* --- report.c */

/* A measured case: one transport, size and workload over every repetition. */
struct bc_row {
  const struct bc_transport *t;
  size_t len;
  int senders;         /* 0 for a round-trip row */
  int n;               /* successful repetitions */
  const char *skipped; /* unsupported: why (NULL otherwise) */
  char error[BC_ERR_LEN];
  /* Per repetition: throughput rows use msgs (msg/s) and sys/cpu shares;
   * round-trip rows p50 and p99 (us). */
  double msgs[BC_MAX_REPS];
  double p50[BC_MAX_REPS], p99[BC_MAX_REPS];
  double cpu[BC_MAX_REPS]; /* CPU seconds per second of the run (all processes) */
  /* Per repetition: ratio to the pipe row of the same case in the same
   * repetition (msg/s over pipe's, or pipe's p50 over ours: > 1 is better). */
  double x_pipe[BC_MAX_REPS];
  int n_x_pipe;
};

/* Median, minimum and maximum of v[0..n); n > 0. */
struct bc_spread {
  double med, min, max;
};
struct bc_spread bc_spread_of(const double *v, int n);

/* p-quantile (0..1) of v[0..n), sorting v. */
double bc_quantile(double *v, long n, double p);

/* Fills x_pipe of every row from the pipe rows. */
void bc_pair_with_pipe(struct bc_row *rows, int nrows, int reps);

void bc_print_table(FILE *out, const struct bc_row *rows, int nrows, int reps);
int bc_write_csv(const char *path, const struct bc_row *rows, int nrows);
/* Throughput (1 sender, many senders) and round trip against message size,
 * per transport, through gnuplot. Returns 0 or -1 (message on stderr). */
int bc_write_png(const char *path, const struct bc_row *rows, int nrows, int reps,
                 int many_senders);

/* "8 B", "4 KiB". */
const char *bc_size_text(size_t len, char *buf, size_t buflen);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_TOOLS_BENCH_CHANNEL_H */
