/* bench_channel's two workloads, each in fresh processes as a user runs
 * them: the parent creates the queue, forks, and receives (one-way
 * throughput) or ping-pongs with one child (round trip). Children report
 * readiness on a pipe and start together when the parent closes the "go"
 * pipe, so the clock covers only the messages. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_channel.h"
#include "tools/bench_common/bench_common.h"

/* Every message starts with its sender and its sequence number: 8 bytes,
 * the smallest size measured. */
enum { STAMP = 8 };

static void stamp(char *msg, uint32_t sender, uint32_t seq) {
  memcpy(msg, &sender, 4);
  memcpy(msg + 4, &seq, 4);
}

static void read_stamp(const char *msg, uint32_t *sender, uint32_t *seq) {
  memcpy(sender, msg, 4);
  memcpy(seq, msg + 4, 4);
}

/* The children's side of the start protocol: ready, then wait for go
 * (end of file on the go pipe). Returns 0 or -1. */
static int child_ready_then_wait(int ready_fd, int go_fd) {
  char c = 'r';
  if (write(ready_fd, &c, 1) != 1) return -1;
  close(ready_fd);
  ssize_t r;
  while ((r = read(go_fd, &c, 1)) < 0 && errno == EINTR) {
  }
  close(go_fd);
  return r == 0 ? 0 : -1;
}

/* Waits for `children` ready bytes; fewer (a child failed) is -1. */
static int wait_ready(int ready_fd, int children) {
  int got = 0;
  char buf[BC_MAX_SENDERS];
  while (got < children) {
    ssize_t r = read(ready_fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    got += (int)r;
  }
  return 0;
}

/* Reaps the children; kills them first if the run failed. Returns 0 if all
 * exited 0, else -1 with the first failure in err. */
static int reap(const pid_t *pids, int n, int failed, char *err, size_t errlen) {
  int rc = 0;
  for (int i = 0; i < n; i++) {
    if (failed) kill(pids[i], SIGKILL);
  }
  for (int i = 0; i < n; i++) {
    int status;
    while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR) {
    }
    if (failed) continue;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      if (rc == 0) {
        snprintf(err, errlen, "child %d %s %d", i, WIFEXITED(status) ? "exited" : "killed by",
                 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
      }
      rc = -1;
    }
  }
  return rc;
}

/* A forked sender: exit status 0, or which step failed. */
static int sender_main(const struct bc_transport *t, struct bc_queue *q, uint32_t id, size_t len,
                       long count, int ready_fd, int go_fd) {
  char *msg = calloc(1, len);
  if (msg == NULL) return 3;
  for (size_t i = STAMP; i < len; i++) msg[i] = (char)(i * 7 + id);
  if (t->be_sender(q) != 0) return 4;
  if (child_ready_then_wait(ready_fd, go_fd) != 0) return 5;
  for (long i = 0; i < count; i++) {
    stamp(msg, id, (uint32_t)i);
    if (t->send(q, msg, len) != 0) return 6;
  }
  t->destroy(q);
  free(msg);
  return 0;
}

int bc_run_throughput(const struct bc_transport *t, size_t len, int senders, long msgs_each,
                      size_t buffer, struct bc_throughput *out, char *err, size_t errlen) {
  if (len < STAMP || senders < 1 || senders > BC_MAX_SENDERS) {
    snprintf(err, errlen, "bad case: %zu bytes, %d senders", len, senders);
    return -1;
  }
  char *buf = malloc(len);
  struct bc_queue *q = buf != NULL ? t->create(len, buffer, err, errlen) : NULL;
  int ready[2], go[2];
  if (q == NULL || pipe2(ready, O_CLOEXEC) != 0) {
    if (buf == NULL) snprintf(err, errlen, "out of memory");
    if (q != NULL) t->destroy(q);
    free(buf);
    return -1;
  }
  if (pipe2(go, O_CLOEXEC) != 0) {
    snprintf(err, errlen, "pipe2: %s", strerror(errno));
    close(ready[0]);
    close(ready[1]);
    t->destroy(q);
    free(buf);
    return -1;
  }
  struct rusage self0, kids0;
  getrusage(RUSAGE_SELF, &self0);
  getrusage(RUSAGE_CHILDREN, &kids0);
  pid_t pids[BC_MAX_SENDERS];
  int forked = 0, failed = 0;
  for (; forked < senders; forked++) {
    pid_t pid = fork();
    if (pid < 0) {
      snprintf(err, errlen, "fork: %s", strerror(errno));
      failed = 1;
      break;
    }
    if (pid == 0) {
      close(ready[0]);
      close(go[1]);
      _exit(sender_main(t, q, (uint32_t)forked, len, msgs_each, ready[1], go[0]));
    }
    pids[forked] = pid;
  }
  close(ready[1]);
  close(go[0]);
  if (!failed && t->be_receiver(q) != 0) {
    snprintf(err, errlen, "becoming the receiver failed");
    failed = 1;
  }
  if (!failed && wait_ready(ready[0], senders) != 0) {
    snprintf(err, errlen, "a sender failed to start");
    failed = 1;
  }
  close(ready[0]);
  double start = bench_now_sec();
  close(go[1]); /* go */
  uint32_t next[BC_MAX_SENDERS] = {0};
  long total = failed ? 0 : (long)senders * msgs_each, got = 0;
  for (; got < total; got++) {
    long n = t->recv(q, buf, len);
    uint32_t id, seq;
    if (n == (long)len) read_stamp(buf, &id, &seq);
    if (n != (long)len || id >= (uint32_t)senders || seq != next[id]) {
      snprintf(err, errlen, "message %ld: %s", got,
               n < 0                     ? strerror((int)-n)
               : n != (long)len          ? "wrong length"
               : id >= (uint32_t)senders ? "unknown sender"
                                         : "lost, repeated or out of order");
      failed = 1;
      break;
    }
    next[id]++;
  }
  double sec = bench_now_sec() - start;
  int rc = reap(pids, forked, failed, err, errlen);
  struct rusage self1, kids1;
  getrusage(RUSAGE_SELF, &self1);
  getrusage(RUSAGE_CHILDREN, &kids1);
  t->destroy(q);
  free(buf);
  if (failed || rc != 0) return -1;
  out->sec = sec;
  out->messages = got;
  out->sys_sec = bench_timeval_sec(self1.ru_stime) - bench_timeval_sec(self0.ru_stime) +
                 bench_timeval_sec(kids1.ru_stime) - bench_timeval_sec(kids0.ru_stime);
  out->total_cpu = out->sys_sec + bench_timeval_sec(self1.ru_utime) -
                   bench_timeval_sec(self0.ru_utime) + bench_timeval_sec(kids1.ru_utime) -
                   bench_timeval_sec(kids0.ru_utime);
  return 0;
}

/* The forked echo side of a round trip. */
static int echo_main(const struct bc_transport *t, struct bc_queue *down, struct bc_queue *up,
                     size_t len, long count, int ready_fd, int go_fd) {
  char *buf = malloc(len);
  if (buf == NULL) return 3;
  if (t->be_receiver(down) != 0 || t->be_sender(up) != 0) return 4;
  if (child_ready_then_wait(ready_fd, go_fd) != 0) return 5;
  for (long i = 0; i < count; i++) {
    long n = t->recv(down, buf, len);
    if (n != (long)len) return 6;
    if (t->send(up, buf, len) != 0) return 7;
  }
  t->destroy(down);
  t->destroy(up);
  free(buf);
  return 0;
}

int bc_run_roundtrip(const struct bc_transport *t, size_t len, long warmup, long rounds,
                     size_t buffer, double *us, char *err, size_t errlen) {
  char *msg = calloc(1, len), *back = malloc(len);
  struct bc_queue *down = NULL, *up = NULL;
  int ready[2] = {-1, -1}, go[2] = {-1, -1};
  int failed = msg == NULL || back == NULL;
  if (failed) snprintf(err, errlen, "out of memory");
  if (!failed) failed = (down = t->create(len, buffer, err, errlen)) == NULL;
  if (!failed) failed = (up = t->create(len, buffer, err, errlen)) == NULL;
  if (!failed && (pipe2(ready, O_CLOEXEC) != 0 || pipe2(go, O_CLOEXEC) != 0)) {
    snprintf(err, errlen, "pipe2: %s", strerror(errno));
    failed = 1;
  }
  pid_t pid = -1;
  if (!failed) {
    pid = fork();
    if (pid < 0) {
      snprintf(err, errlen, "fork: %s", strerror(errno));
      failed = 1;
    }
    if (pid == 0) {
      close(ready[0]);
      close(go[1]);
      _exit(echo_main(t, down, up, len, warmup + rounds, ready[1], go[0]));
    }
  }
  if (ready[1] >= 0) close(ready[1]);
  if (go[0] >= 0) close(go[0]);
  if (!failed && (t->be_sender(down) != 0 || t->be_receiver(up) != 0)) {
    snprintf(err, errlen, "attaching failed");
    failed = 1;
  }
  if (!failed && wait_ready(ready[0], 1) != 0) {
    snprintf(err, errlen, "the echo child failed to start");
    failed = 1;
  }
  if (ready[0] >= 0) close(ready[0]);
  if (go[1] >= 0) close(go[1]);
  for (long i = 0; !failed && i < warmup + rounds; i++) {
    stamp(msg, 0, (uint32_t)i);
    double t0 = bench_now_sec();
    int rc = t->send(down, msg, len);
    long n = rc == 0 ? t->recv(up, back, len) : rc;
    double t1 = bench_now_sec();
    if (n != (long)len || memcmp(msg, back, STAMP) != 0) {
      snprintf(err, errlen, "round trip %ld: %s", i, n < 0 ? strerror((int)-n) : "wrong reply");
      failed = 1;
    }
    if (i >= warmup) us[i - warmup] = (t1 - t0) * 1e6;
  }
  int rc = pid > 0 ? reap(&pid, 1, failed, err, errlen) : 0;
  if (down != NULL) t->destroy(down);
  if (up != NULL) t->destroy(up);
  free(msg);
  free(back);
  return failed || rc != 0 ? -1 : 0;
}
