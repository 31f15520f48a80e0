/* The transports bench_channel compares, each as a user would write it:
 *   mk_channel  the one-way mmapkit channel, blocking calls (timeout -1);
 *   pipe        4-byte length + payload in one write(2); the receiver reads
 *               through a 64 KiB buffer (many small messages per read) and
 *               reads large payloads straight into the caller's buffer;
 *   seqpacket   AF_UNIX SOCK_SEQPACKET socketpair, one send/recv a message;
 *   posix_mq    mq_send/mq_receive on a queue unlinked right after mq_open.
 * Boost.Interprocess message_queue is in boost_mq.cc. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench_channel.h"
#include "mmapkit/channel.h"
#include "tools/bench_common/bench_common.h"

/* One queue type for every transport in this file: each uses its own fields. */
struct bc_queue {
  struct mk_channel *ch;
  int endpoint;
  int fd[2]; /* pipe / socketpair: [0] receives, [1] sends */
  mqd_t mq;
  char *rbuf; /* pipe receiver: buffered bytes rbuf[off..have) */
  size_t rcap, off, have;
  char *wbuf; /* pipe sender: header + payload, written at once */
};

static struct bc_queue *new_queue(char *err, size_t errlen) {
  struct bc_queue *q = calloc(1, sizeof *q);
  if (q == NULL) snprintf(err, errlen, "out of memory");
  if (q != NULL) q->fd[0] = q->fd[1] = -1;
  return q;
}

static void close_fd(int *fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

static const char *any_size(size_t len, int senders) {
  (void)len;
  (void)senders;
  return NULL;
}

/* --- mk_channel --------------------------------------------------------------- */

static struct bc_queue *channel_create(size_t max_len, size_t buffer, char *err, size_t errlen) {
  struct bc_queue *q = new_queue(err, errlen);
  if (q == NULL) return NULL;
  size_t capacity = buffer > max_len + 4 ? buffer : max_len + 4;
  int rc = mk_channel_create(capacity, &q->ch);
  if (rc != 0) {
    snprintf(err, errlen, "mk_channel_create(%zu): %s", capacity, strerror(-rc));
    free(q);
    return NULL;
  }
  return q;
}

static int channel_attach(struct bc_queue *q, enum mk_channel_role role) {
  q->endpoint = mk_channel_attach(q->ch, role);
  return q->endpoint < 0 ? q->endpoint : 0;
}

static int channel_be_sender(struct bc_queue *q) {
  return channel_attach(q, MK_CHANNEL_SENDER);
}

static int channel_be_receiver(struct bc_queue *q) {
  return channel_attach(q, MK_CHANNEL_RECEIVER);
}

static int channel_send(struct bc_queue *q, const void *msg, size_t len) {
  return mk_channel_send(q->ch, msg, len, -1);
}

static long channel_recv(struct bc_queue *q, void *buf, size_t cap) {
  return mk_channel_recv(q->ch, buf, cap, -1);
}

static void channel_destroy(struct bc_queue *q) {
  mk_channel_destroy(q->ch);
  free(q);
}

const struct bc_transport bc_mk_channel = {
    "mk_channel",      "mmapkit channel (MAP_SHARED ring; capacity = the buffer)",
    any_size,          channel_create,
    channel_be_sender, channel_be_receiver,
    channel_send,      channel_recv,
    channel_destroy,
};

/* --- framed pipe --------------------------------------------------------------- */

enum { PIPE_READ_BUFFER = 64 << 10 };

/* Writes up to PIPE_BUF bytes are atomic: above that, the frames of several
 * senders sharing one pipe interleave. */
static const char *pipe_unsupported(size_t len, int senders) {
  return senders > 1 && len + 4 > PIPE_BUF ? "frames > PIPE_BUF from several writers interleave"
                                           : NULL;
}

static struct bc_queue *pipe_create(size_t max_len, size_t buffer, char *err, size_t errlen) {
  struct bc_queue *q = new_queue(err, errlen);
  if (q == NULL) return NULL;
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) {
    snprintf(err, errlen, "pipe2: %s", strerror(errno));
    free(q);
    return NULL;
  }
  q->fd[0] = p[0];
  q->fd[1] = p[1];
  /* Best effort: an unprivileged user may not go past pipe-max-size. */
  if (buffer > 0) fcntl(p[1], F_SETPIPE_SZ, (int)(buffer < INT_MAX ? buffer : INT_MAX));
  q->rcap = PIPE_READ_BUFFER;
  q->rbuf = malloc(q->rcap);
  q->wbuf = malloc(max_len + 4);
  if (q->rbuf == NULL || q->wbuf == NULL) {
    snprintf(err, errlen, "out of memory");
    close_fd(&q->fd[0]);
    close_fd(&q->fd[1]);
    free(q->rbuf);
    free(q->wbuf);
    free(q);
    return NULL;
  }
  return q;
}

static int fd_be_sender(struct bc_queue *q) {
  close_fd(&q->fd[0]);
  return 0;
}

static int fd_be_receiver(struct bc_queue *q) {
  close_fd(&q->fd[1]);
  return 0;
}

static int pipe_send(struct bc_queue *q, const void *msg, size_t len) {
  uint32_t header = (uint32_t)len;
  memcpy(q->wbuf, &header, 4);
  memcpy(q->wbuf + 4, msg, len);
  return bench_write_full(q->fd[1], q->wbuf, len + 4);
}

/* Makes at least n bytes available at rbuf + off (n <= rcap). */
static int pipe_fill(struct bc_queue *q, size_t n) {
  if (q->have - q->off >= n) return 0;
  memmove(q->rbuf, q->rbuf + q->off, q->have - q->off);
  q->have -= q->off;
  q->off = 0;
  while (q->have < n) {
    ssize_t r = read(q->fd[0], q->rbuf + q->have, q->rcap - q->have);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -errno;
    if (r == 0) return -EPIPE;
    q->have += (size_t)r;
  }
  return 0;
}

static long pipe_recv(struct bc_queue *q, void *buf, size_t cap) {
  int rc = pipe_fill(q, 4);
  if (rc != 0) return rc;
  uint32_t len;
  memcpy(&len, q->rbuf + q->off, 4);
  if (len > cap) return -EMSGSIZE;
  q->off += 4;
  size_t buffered = q->have - q->off;
  if (buffered >= len) {
    memcpy(buf, q->rbuf + q->off, len);
    q->off += len;
    return (long)len;
  }
  /* The rest of a large payload goes straight to the caller: no second copy. */
  memcpy(buf, q->rbuf + q->off, buffered);
  q->off = q->have = 0;
  rc = bench_read_full(q->fd[0], (char *)buf + buffered, len - buffered);
  return rc != 0 ? rc : (long)len;
}

static void fd_destroy(struct bc_queue *q) {
  close_fd(&q->fd[0]);
  close_fd(&q->fd[1]);
  free(q->rbuf);
  free(q->wbuf);
  free(q);
}

const struct bc_transport bc_pipe = {
    "pipe",
    "pipe(2), 4-byte length + payload, buffered reader (size = the buffer, F_SETPIPE_SZ)",
    pipe_unsupported,
    pipe_create,
    fd_be_sender,
    fd_be_receiver,
    pipe_send,
    pipe_recv,
    fd_destroy,
};

/* --- SOCK_SEQPACKET socketpair --------------------------------------------------- */

static struct bc_queue *seqpacket_create(size_t max_len, size_t buffer, char *err, size_t errlen) {
  struct bc_queue *q = new_queue(err, errlen);
  if (q == NULL) return NULL;
  int s[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, s) != 0) {
    snprintf(err, errlen, "socketpair: %s", strerror(errno));
    free(q);
    return NULL;
  }
  q->fd[0] = s[0];
  q->fd[1] = s[1];
  /* The send buffer bounds the bytes in flight; room for a few messages at least. */
  size_t want = buffer > 4 * (max_len + 512) ? buffer : 4 * (max_len + 512);
  int v = want < INT_MAX / 2 ? (int)want : INT_MAX / 2;
  setsockopt(s[1], SOL_SOCKET, SO_SNDBUF, &v, sizeof v);
  setsockopt(s[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof v);
  return q;
}

static int seqpacket_send(struct bc_queue *q, const void *msg, size_t len) {
  for (;;) {
    ssize_t w = send(q->fd[1], msg, len, MSG_NOSIGNAL);
    if (w >= 0) return (size_t)w == len ? 0 : -EIO;
    if (errno != EINTR) return -errno;
  }
}

static long seqpacket_recv(struct bc_queue *q, void *buf, size_t cap) {
  for (;;) {
    ssize_t r = recv(q->fd[0], buf, cap, 0);
    if (r >= 0) return r;
    if (errno != EINTR) return -errno;
  }
}

const struct bc_transport bc_seqpacket = {
    "seqpacket",
    "AF_UNIX SOCK_SEQPACKET socketpair, one send/recv per message (SO_SNDBUF = the buffer)",
    any_size,
    seqpacket_create,
    fd_be_sender,
    fd_be_receiver,
    seqpacket_send,
    seqpacket_recv,
    fd_destroy,
};

/* --- POSIX message queue --------------------------------------------------------- */

static struct bc_queue *posix_mq_create(size_t max_len, size_t buffer, char *err, size_t errlen) {
  struct bc_queue *q = new_queue(err, errlen);
  if (q == NULL) return NULL;
  static unsigned serial;
  char name[64];
  snprintf(name, sizeof name, "/bench_channel.%d.%u", (int)getpid(), serial++);
  size_t len = max_len > 0 ? max_len : 1;
  /* As many messages as fit the buffer, within the kernel's hard limit; halve
   * until the limits of this user (msg_max, RLIMIT_MSGQUEUE) accept it. */
  long maxmsg = (long)(buffer / len);
  if (maxmsg > 65536) maxmsg = 65536;
  if (maxmsg < 1) maxmsg = 1;
  for (;;) {
    struct mq_attr attr = {.mq_maxmsg = maxmsg, .mq_msgsize = (long)len};
    q->mq = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, &attr);
    if (q->mq != (mqd_t)-1) break;
    if ((errno != EINVAL && errno != EMFILE && errno != ENOMEM) || maxmsg == 1) {
      snprintf(err, errlen, "mq_open(maxmsg %ld, msgsize %zu): %s", maxmsg, len, strerror(errno));
      free(q);
      return NULL;
    }
    maxmsg /= 2;
  }
  mq_unlink(name); /* the descriptors keep it; nothing is left behind */
  return q;
}

static int no_setup(struct bc_queue *q) {
  (void)q;
  return 0;
}

static int posix_mq_send(struct bc_queue *q, const void *msg, size_t len) {
  while (mq_send(q->mq, msg, len, 0) != 0) {
    if (errno != EINTR) return -errno;
  }
  return 0;
}

static long posix_mq_recv(struct bc_queue *q, void *buf, size_t cap) {
  for (;;) {
    ssize_t r = mq_receive(q->mq, buf, cap, NULL);
    if (r >= 0) return r;
    if (errno != EINTR) return -errno;
  }
}

static void posix_mq_destroy(struct bc_queue *q) {
  mq_close(q->mq);
  free(q);
}

/* Above /proc/sys/fs/mqueue/msgsize_max, mq_open needs CAP_SYS_RESOURCE in
 * the initial user namespace: try one queue of that size. */
static const char *posix_mq_unsupported(size_t len, int senders) {
  (void)senders;
  char err[BC_ERR_LEN];
  struct bc_queue *q = posix_mq_create(len, len, err, sizeof err);
  if (q != NULL) {
    posix_mq_destroy(q);
    return NULL;
  }
  return "mq_open refuses this message size here (above fs.mqueue.msgsize_max)";
}

const struct bc_transport bc_posix_mq = {
    "posix_mq",
    "POSIX message queue, priority 0 (maxmsg = the buffer / size, at most 65536)",
    posix_mq_unsupported,
    posix_mq_create,
    no_setup,
    no_setup,
    posix_mq_send,
    posix_mq_recv,
    posix_mq_destroy,
};
