/* fuzz/harnesses/channel/channel_fuzzer.c - the anonymous channel's framing, endpoint, timeout
 * and peer-death rules (mmapkit/channel.h), against an exact model.
 *
 * The model: a FIFO of messages, each costing 4 + len bytes of the capacity. A send succeeds
 * exactly when it fits (-EMSGSIZE above max_message, -EAGAIN when full: timeout 0,
 * -ETIMEDOUT after a positive timeout, never sooner), a receive returns the oldest message
 * whole (-EMSGSIZE and it stays queued if the buffer is short, -EAGAIN / -ETIMEDOUT when
 * empty), and -EPIPE appears exactly when every endpoint of the other role that ever attached
 * is gone. Every received message is checked byte for byte; the channel wraps around its ring
 * often because capacities are small.
 * Also: another thread drains the queue, optionally dying while attached as a receiver (its
 * endpoint must then count as gone); a thread sends a batch while this one receives it, or
 * receives while this one sends, both blocking on the small ring (every message arrives once,
 * whole, in order); and a forked sender or receiver dies part-way through copying a message
 * (its buffer ends in a PROT_NONE page at a fuzzed byte; the fault kills it with SIGKILL while
 * it holds the channel lock): a message being sent is dropped whole, one being received stays
 * queued, and the channel goes on exactly as the model says.
 *
 * Input encoding (bytes; every reader yields 0 once the input runs out):
 *   capacity  b0 < 0xf8: fz_biased(16, 64) <= 4096 (values below 16 are invalid);
 *             b0 >= 0xf8: b0 % 4 -> 0, 15, MAX_CAPACITY + 1, SIZE_MAX: -EINVAL expected
 *   then up to MAX_OPS operations, an op byte (low 4 bits kind, high 4 bits variant) + args:
 *     0-2, 13  SEND  len byte: >> 6 == 0 -> exact fit + delta, 1 -> max_message + delta,
 *                    2 -> b & 63, 3 -> u16 % (capacity + 16)
 *     3-5, 14  RECV  cap byte: >> 6 == 0 -> the oldest message's length + delta, 1 -> 0,
 *                    2 -> b & 63, 3 -> u16
 *              SEND/RECV variant bit 0: when the model says the call cannot block, wait
 *              forever (timeout -1); bits 1 and 2 both set: a positive timeout of
 *              1 + (variant >> 3) ms (-ETIMEDOUT if it must wait); else timeout 0
 *     6, 15    ATTACH     variant bit 0: receiver, else sender
 *     7        DETACH     index byte: < 0xf0 one of ours (index % count), else an invalid id
 *     8        NULL args  variant & 3: send(NULL, len), recv(NULL, cap), a NULL channel to
 *                         every call, or a second detach of an id already detached
 *     9        THREAD     another thread drains every message and checks it; variant bit 0: it
 *                         first attaches as a receiver and exits without detaching (once per
 *                         input; later ones just drain)
 *              (A wait costs its timeout, a fork milliseconds under ASan, a batch many thread
 *              switches: hence a quarter of the variants wait, and an input forks for its
 *              first MAX_DEATHS DIE_* only and runs its first BATCH only.)
 *     10       DIE_SEND   len byte (as SEND), k byte: a forked child sends a message whose
 *                         byte k * len / 256 is the first it cannot read; variant bit 0: it
 *                         attaches as a sender first
 *     11       DIE_RECV   k byte: a forked child receives the oldest message into a buffer
 *                         whose byte k * len / 256 is the first it cannot write; variant bit 0:
 *                         it attaches as a receiver first
 *     12       BATCH      count byte (1 + b % 24 messages), size byte (their sizes' seed): a
 *                         thread sends them while this thread receives (variant bit 0: the
 *                         other way round); variant bit 1: this thread waits with 1 ms
 *                         timeouts, retried, instead of forever */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/common/check.h"
#include "fuzz/common/fuzz_input.h"
#include "mmapkit/channel.h"
#include "mmapkit/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_CAPACITY = 4096, FRAME = 4, MAX_OPS = 128, MAX_QUEUE = MAX_CAPACITY / FRAME };
enum { MAX_BATCH = 24, BATCH_MAX_LEN = 600, MAX_DEATHS = 2, MAX_BATCHES = 1 };
enum {
  SEND0,
  SEND1,
  SEND2,
  RECV0,
  RECV1,
  RECV2,
  ATTACH0,
  DETACH,
  NULL_ARGS,
  THREAD,
  DIE_SEND,
  DIE_RECV,
  BATCH,
  SEND3,
  RECV3,
  ATTACH1,
  OP_COUNT
};
static const char *const op_names[OP_COUNT] = {
    "SEND",      "SEND",   "SEND",     "RECV",     "RECV",  "RECV", "ATTACH", "DETACH",
    "NULL_ARGS", "THREAD", "DIE_SEND", "DIE_RECV", "BATCH", "SEND", "RECV",   "ATTACH"};

static uint8_t noise[MAX_CAPACITY + 512]; /* message bytes: noise + seq % 256 */
static uint8_t buf[MAX_CAPACITY + 64];
static size_t page;

/* The model. */
static struct {
  struct mk_channel *ch;
  size_t capacity;
  struct {
    uint32_t seq, len;
  } q[MAX_QUEUE + 1]; /* ring of queued messages */
  unsigned q_head, q_count;
  size_t used; /* bytes of the capacity in use: sum of FRAME + len */
  uint32_t next_seq;
  int ever[2]; /* a sender / receiver attached once */
  int ids[MK_CHANNEL_MAX_ENDPOINTS], roles[MK_CHANNEL_MAX_ENDPOINTS], n_ids; /* ours */
  int detached_id; /* an id we detached, or -1 */
  int died;        /* a thread died attached (once per input) */
  int deaths;      /* DIE_* children forked */
  int batches;     /* BATCH ops run */
  int op_index, op_kind;
  long arg;
} m;

static void describe(void) {
  fprintf(
      stderr,
      "  case: op #%d %s (arg %ld); capacity %zu, %u queued using %zu bytes, %d endpoints of ours, "
      "ever attached: sender %d receiver %d\n",
      m.op_index, m.op_kind >= 0 ? op_names[m.op_kind] : "(create)", m.arg, m.capacity, m.q_count,
      m.used, m.n_ids, m.ever[0], m.ever[1]);
}

static size_t max_message(void) {
  return m.capacity - FRAME;
}
static int attached(int role) {
  int n = 0;
  for (int i = 0; i < m.n_ids; i++) n += m.roles[i] == role;
  return n;
}
/* -EPIPE applies: every endpoint of role that ever attached is gone. */
static int gone(int role) {
  return m.ever[role] && attached(role) == 0;
}
static size_t front_len(void) {
  return m.q_count ? m.q[m.q_head].len : 0;
}

static void expect_rc(const char *call, long rc, long want) {
  char a[32], b[32];
  if (rc != want)
    fz_fail("%s returned %s, want %s", call, fz_err_name(rc, a), fz_err_name(want, b));
}

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* The timeout a SEND/RECV variant asks for, given what the model expects: wait forever only
 * when the call cannot block (it would hang). */
static int timeout_for(unsigned variant, int would_block) {
  if ((variant & 6) == 6) return 1 + (int)(variant >> 3);
  return (variant & 1) && !would_block ? -1 : 0;
}

/* A call that must wait returns -EAGAIN for timeout 0, -ETIMEDOUT after a positive timeout. */
static long waited(int timeout, long long started) {
  if (timeout <= 0) return -EAGAIN;
  long long ns = now_ns() - started;
  if (ns < (long long)timeout * 1000000LL)
    fz_fail("a %d ms timeout expired after %lld us", timeout, ns / 1000);
  return -ETIMEDOUT;
}

/* The model's queue gains message seq of len bytes. */
static void model_push(uint32_t seq, size_t len) {
  unsigned slot = (m.q_head + m.q_count++) % (MAX_QUEUE + 1);
  m.q[slot].seq = seq;
  m.q[slot].len = (uint32_t)len;
  m.used += FRAME + len;
}

static void op_send(size_t len, unsigned variant) {
  long want = 0;
  if (len > max_message())
    want = -EMSGSIZE;
  else if (gone(MK_CHANNEL_RECEIVER))
    want = -EPIPE;
  int full = want == 0 && m.used + FRAME + len > m.capacity;
  int timeout = timeout_for(variant, full);
  uint32_t seq = m.next_seq;
  long long started = now_ns();
  long rc = mk_channel_send(m.ch, noise + seq % 256, len, timeout);
  if (full) want = waited(timeout, started);
  expect_rc(timeout > 0 ? "mk_channel_send (positive timeout)" : "mk_channel_send", rc, want);
  if (rc != 0) return;
  model_push(seq, len);
  m.next_seq++;
}

/* The oldest message must be exactly what was sent. */
static void check_message(const uint8_t *got, long len) {
  uint32_t seq = m.q[m.q_head].seq;
  if ((uint32_t)len != m.q[m.q_head].len)
    fz_fail("received a message of %ld bytes, want message #%u of %u bytes", len, seq,
            m.q[m.q_head].len);
  fz_expect_bytes("received message", got, noise + seq % 256, (size_t)len, 0);
  m.used -= FRAME + (size_t)len;
  m.q_head = (m.q_head + 1) % (MAX_QUEUE + 1);
  m.q_count--;
}

static void op_recv(size_t cap, unsigned variant) {
  long want = 0;
  int empty = m.q_count == 0 && !gone(MK_CHANNEL_SENDER);
  if (m.q_count == 0)
    want = gone(MK_CHANNEL_SENDER) ? -EPIPE : 0;
  else
    want = front_len() > cap ? -EMSGSIZE : (long)front_len();
  int timeout = timeout_for(variant, empty);
  if (cap > sizeof buf) cap = sizeof buf;
  long long started = now_ns();
  long rc = mk_channel_recv(m.ch, buf, cap, timeout);
  if (empty) want = waited(timeout, started);
  expect_rc(timeout > 0 ? "mk_channel_recv (positive timeout)" : "mk_channel_recv", rc, want);
  if (rc >= 0) check_message(buf, rc);
}

static void op_attach(int role) {
  long rc = mk_channel_attach(m.ch, role);
  /* Endpoints of a child that died are reclaimed: only ours count against the limit. */
  if (m.n_ids == MK_CHANNEL_MAX_ENDPOINTS) {
    expect_rc("mk_channel_attach (all endpoints taken)", rc, -EUSERS);
    return;
  }
  if (rc < 0 || rc >= MK_CHANNEL_MAX_ENDPOINTS) expect_rc("mk_channel_attach", rc, 0);
  for (int i = 0; i < m.n_ids; i++)
    if (m.ids[i] == rc) fz_fail("mk_channel_attach returned id %ld, which is already attached", rc);
  m.ids[m.n_ids] = (int)rc;
  m.roles[m.n_ids++] = role;
  m.ever[role] = 1;
}

static void op_detach(uint8_t which) {
  if (which >= 0xf0 || m.n_ids == 0) {
    int id = which & 1 ? -1 - (which & 7) : MK_CHANNEL_MAX_ENDPOINTS + (which & 7);
    expect_rc("mk_channel_detach(invalid id)", mk_channel_detach(m.ch, id), -EINVAL);
    return;
  }
  int i = which % m.n_ids;
  expect_rc("mk_channel_detach", mk_channel_detach(m.ch, m.ids[i]), 0);
  m.detached_id = m.ids[i];
  m.ids[i] = m.ids[m.n_ids - 1];
  m.roles[i] = m.roles[m.n_ids - 1];
  m.n_ids--;
}

static void op_null(unsigned variant, size_t n) {
  switch (variant & 3) {
    case 0: /* NULL message: fine when empty */
      if (n == 0)
        op_send(0, 0);
      else
        expect_rc("mk_channel_send(NULL, len > 0)", mk_channel_send(m.ch, NULL, n, 0), -EINVAL);
      break;
    case 1: /* NULL buffer: fine with cap 0 (an empty message, or -EMSGSIZE) */
      if (n == 0) {
        long want = m.q_count == 0 ? (gone(MK_CHANNEL_SENDER) ? -EPIPE : -EAGAIN)
                    : front_len()  ? -EMSGSIZE
                                   : 0;
        long rc = mk_channel_recv(m.ch, NULL, 0, 0);
        expect_rc("mk_channel_recv(NULL, 0)", rc, want);
        if (rc == 0) check_message(buf, 0);
      } else {
        expect_rc("mk_channel_recv(NULL, cap > 0)", mk_channel_recv(m.ch, NULL, n, 0), -EINVAL);
      }
      break;
    case 2: /* a NULL channel */
      expect_rc("mk_channel_send(NULL channel)", mk_channel_send(NULL, buf, 1, 0), -EINVAL);
      expect_rc("mk_channel_recv(NULL channel)", mk_channel_recv(NULL, buf, 1, 0), -EINVAL);
      expect_rc("mk_channel_attach(NULL channel)", mk_channel_attach(NULL, MK_CHANNEL_SENDER),
                -EINVAL);
      expect_rc("mk_channel_attach(bad role)", mk_channel_attach(m.ch, (enum mk_channel_role)2),
                -EINVAL);
      expect_rc("mk_channel_detach(NULL channel)", mk_channel_detach(NULL, 0), -EINVAL);
      if (mk_channel_max_message(NULL) != 0) fz_fail("mk_channel_max_message(NULL) is not 0");
      break;
    default: /* detaching twice */
      if (m.detached_id >= 0) {
        int still = 0; /* unless a later attach got the same id */
        for (int i = 0; i < m.n_ids; i++) still |= m.ids[i] == m.detached_id;
        if (!still)
          expect_rc("mk_channel_detach(already detached)", mk_channel_detach(m.ch, m.detached_id),
                    -EINVAL);
      }
      break;
  }
}

/* Another thread drains the queue; optionally it dies while attached as a receiver, and its
 * endpoint must then count as gone. */
static void *drain(void *die_attached) {
  if (die_attached && mk_channel_attach(m.ch, MK_CHANNEL_RECEIVER) < 0)
    fz_fail("THREAD: attach failed");
  while (m.q_count > 0) {
    long rc = mk_channel_recv(m.ch, buf, sizeof buf, 0);
    if (rc < 0) {
      char a[32];
      fz_fail("THREAD: mk_channel_recv returned %s with %u messages queued", fz_err_name(rc, a),
              m.q_count);
    }
    check_message(buf, rc);
  }
  expect_rc("THREAD: mk_channel_recv on the drained channel",
            mk_channel_recv(m.ch, buf, sizeof buf, 0), gone(MK_CHANNEL_SENDER) ? -EPIPE : -EAGAIN);
  return NULL; /* without detaching, when die_attached */
}

/* Creating a thread costs ~200 us under ASan: plain drains go to one long-lived worker. */
static sem_t work, work_done;
static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    while (sem_wait(&work) != 0) continue;
    drain(NULL);
    sem_post(&work_done);
  }
  return NULL;
}

static void op_thread(unsigned variant) {
  if (!(variant & 1) || m.died || m.n_ids == MK_CHANNEL_MAX_ENDPOINTS) {
    sem_post(&work);
    while (sem_wait(&work_done) != 0) continue;
    return;
  }
  pthread_t t; /* a thread of its own, to die attached (once per input) */
  int rc = pthread_create(&t, NULL, drain, &m);
  if (rc != 0) fz_fail("pthread_create: %s", strerror(rc));
  pthread_join(t, NULL);
  m.died = 1;
  m.ever[MK_CHANNEL_RECEIVER] = 1; /* and its endpoint is gone */
  m.detached_id = -1;              /* the thread may have reused it: then it is not ours (-EPERM) */
}

/* --- a peer dying part-way through an operation -------------------------------------- */

/* n bytes whose first `readable` are accessible and the rest PROT_NONE (n > readable). */
struct guarded {
  uint8_t *base, *p;
  size_t len;
};

static struct guarded guarded_bytes(size_t readable, size_t n) {
  size_t head = (readable + page - 1) / page * page, tail = (n - readable + page - 1) / page * page;
  if (head == 0) head = page; /* keep p inside the mapping */
  struct guarded g = {NULL, NULL, head + tail};
  void *mem = mmap(NULL, g.len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) fz_fail("harness setup: mmap: %s", strerror(errno));
  g.base = mem;
  g.p = g.base + head - readable;
  FZ_SYS(mprotect(g.base + head, tail, PROT_NONE));
  return g;
}

/* In the child: the fault on the guard page kills it like SIGKILL at that instant. */
static void die_now(int sig) {
  (void)sig;
  raise(SIGKILL);
}

enum { CHILD_ATTACH_FAILED = 3, CHILD_RETURNED = 10 };

/* Forks a child that (attached as role, if attach) runs send or recv on g, and reports how it
 * ended: -1 for SIGKILL, else the exit code (CHILD_RETURNED + the call's -rc). */
static int run_dying_child(int sending, const struct guarded *g, size_t n, int attach) {
  fflush(stderr);
  pid_t pid = fork();
  if (pid < 0) fz_fail("harness setup: fork: %s", strerror(errno));
  if (pid == 0) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = die_now;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    if (attach && mk_channel_attach(m.ch, sending ? MK_CHANNEL_SENDER : MK_CHANNEL_RECEIVER) < 0)
      _exit(CHILD_ATTACH_FAILED);
    long rc = sending ? mk_channel_send(m.ch, g->p, n, 0) : mk_channel_recv(m.ch, g->p, n, 0);
    _exit(CHILD_RETURNED + (int)(rc < 0 ? -rc : 0) % 100);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) fz_fail("harness setup: waitpid: %s", strerror(errno));
  }
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  fz_fail("the dying child ended with status 0x%x, neither SIGKILL nor an exit", status);
}

static void expect_child(const char *what, int got, long want_rc) {
  int want = want_rc == 1 ? -1 : CHILD_RETURNED + (int)(-want_rc) % 100;
  if (got == want) return;
  char a[32];
  if (want == -1)
    fz_fail("%s: the child should have died mid-copy, but its call returned %s", what,
            got >= CHILD_RETURNED ? fz_err_name(-(got - CHILD_RETURNED), a) : "(attach failed)");
  fz_fail("%s: the child should have returned %s, but %s", what, fz_err_name(want_rc, a),
          got == -1 ? "it died copying the message" : "its call returned something else");
}

/* A forked sender dies after reading `k` bytes of its message: it was never published. */
static void op_die_send(size_t len, uint8_t k, int attach) {
  if (len == 0 || (attach && m.n_ids == MK_CHANNEL_MAX_ENDPOINTS) || m.deaths++ >= MAX_DEATHS)
    return;
  long want = 1; /* dies */
  if (len > max_message())
    want = -EMSGSIZE;
  else if (gone(MK_CHANNEL_RECEIVER))
    want = -EPIPE;
  else if (m.used + FRAME + len > m.capacity)
    want = -EAGAIN;
  size_t readable = (size_t)k * len / 256;
  struct guarded g = guarded_bytes(readable, len);
  memcpy(g.p, noise + m.next_seq % 256, readable);
  int got = run_dying_child(1, &g, len, attach);
  munmap(g.base, g.len);
  expect_child("DIE_SEND", got, want);
  if (attach) {
    m.ever[MK_CHANNEL_SENDER] = 1; /* and that endpoint is gone */
    m.detached_id = -1;            /* the child may have reused it: then it is not ours (-EPERM) */
  }
}

/* A forked receiver dies after writing `k` bytes of the oldest message: it stays queued. */
static void op_die_recv(uint8_t k, int attach) {
  size_t len = front_len();
  if (len == 0 || (attach && m.n_ids == MK_CHANNEL_MAX_ENDPOINTS) || m.deaths++ >= MAX_DEATHS)
    return;
  struct guarded g = guarded_bytes((size_t)k * len / 256, len);
  int got = run_dying_child(0, &g, len, attach);
  munmap(g.base, g.len);
  expect_child("DIE_RECV", got, 1);
  if (attach) {
    m.ever[MK_CHANNEL_RECEIVER] = 1;
    m.detached_id = -1;
  }
}

/* --- send and receive at once --------------------------------------------------------- */

static struct {
  int n;              /* messages sent in the batch */
  uint32_t first_seq; /* the batch's first seq */
  size_t lens[MAX_BATCH];
  int timeout;         /* of this thread's calls: -1, or 1 retried */
  unsigned to_receive; /* by the receiving side: queued before + the batch */
} batch;

static void batch_send(int timeout, const char *who) {
  for (int i = 0; i < batch.n;) {
    long rc = mk_channel_send(m.ch, noise + (batch.first_seq + i) % 256, batch.lens[i], timeout);
    if (rc == -ETIMEDOUT && timeout > 0) continue;
    expect_rc(who, rc, 0);
    i++;
  }
}

static void batch_receive(int timeout, const char *who) {
  while (batch.to_receive > 0) {
    long rc = mk_channel_recv(m.ch, buf, sizeof buf, timeout);
    if (rc == -ETIMEDOUT && timeout > 0) continue;
    if (rc < 0) {
      char a[32];
      fz_fail("%s: mk_channel_recv returned %s with %u messages to come", who, fz_err_name(rc, a),
              batch.to_receive);
    }
    check_message(buf, rc);
    batch.to_receive--;
  }
}

static void *batch_thread_sends(void *arg) {
  (void)arg;
  batch_send(-1, "BATCH: the sending thread's mk_channel_send");
  return NULL;
}

static void *batch_thread_receives(void *arg) {
  (void)arg;
  batch_receive(-1, "BATCH: the receiving thread");
  return NULL;
}

/* n messages go through the ring while the queue may be full: one side sends, the other
 * receives, at the same time. The model is extended first; only the receiving side pops it. */
static void op_batch(uint8_t count, uint8_t sizes, unsigned variant) {
  if (gone(MK_CHANNEL_SENDER) || gone(MK_CHANNEL_RECEIVER)) return; /* -EPIPE: nothing to do */
  if (m.batches++ >= MAX_BATCHES) return;
  batch.n = 1 + count % MAX_BATCH;
  batch.first_seq = m.next_seq;
  uint32_t x = 0x9e3779b9u ^ sizes;
  size_t most = max_message() < BATCH_MAX_LEN ? max_message() : BATCH_MAX_LEN;
  for (int i = 0; i < batch.n; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    batch.lens[i] = x % (most + 1);
  }
  if (m.q_count + batch.n > MAX_QUEUE) return;
  for (int i = 0; i < batch.n; i++) model_push(m.next_seq++, batch.lens[i]);
  batch.to_receive = m.q_count;
  int timeout = variant & 2 ? 1 : -1;
  pthread_t t;
  int thread_sends = !(variant & 1);
  int rc =
      pthread_create(&t, NULL, thread_sends ? batch_thread_sends : batch_thread_receives, NULL);
  if (rc != 0) fz_fail("pthread_create: %s", strerror(rc));
  if (thread_sends)
    batch_receive(timeout, "BATCH: this thread");
  else
    batch_send(timeout, "BATCH: this thread's mk_channel_send");
  pthread_join(t, NULL);
  if (m.q_count != 0 || m.used != 0)
    fz_fail("BATCH: %u messages (%zu bytes) left in the model", m.q_count, m.used);
}

/* --- decoding ------------------------------------------------------------------------- */

static size_t decode_len(struct fz_input *in) {
  uint8_t b = fz_u8(in);
  size_t fit = m.capacity - m.used >= FRAME ? m.capacity - m.used - FRAME : 0;
  switch (b >> 6) {
    case 0:
      return (size_t)((int64_t)fit + fz_delta(b) < 0 ? 0 : (int64_t)fit + fz_delta(b));
    case 1:
      return max_message() + (size_t)(b & 3) - (b & 4 ? 2 : 0);
    case 2:
      return b & 63;
    default:
      return fz_u16(in) % (m.capacity + 16);
  }
}

static size_t decode_cap(struct fz_input *in) {
  uint8_t b = fz_u8(in);
  switch (b >> 6) {
    case 0: {
      int64_t v = (int64_t)front_len() + fz_delta(b);
      return v < 0 ? 0 : (size_t)v;
    }
    case 1:
      return 0;
    case 2:
      return b & 63;
    default:
      return fz_u16(in);
  }
}

static void init_once(void) {
  static int done;
  if (done) return;
  done = 1;
  page = mk_page_size();
  uint32_t x = 0x1b873593; /* xorshift32: fixed, so runs are reproducible */
  for (size_t i = 0; i < sizeof noise; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    noise[i] = (uint8_t)x;
  }
  fz_describe = describe;
  pthread_t t;
  if (sem_init(&work, 0, 0) != 0 || sem_init(&work_done, 0, 0) != 0 ||
      pthread_create(&t, NULL, worker, NULL) != 0)
    fz_fail("setup: the worker thread: %s", strerror(errno));
  pthread_detach(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  init_once();
  struct fz_input in = fz_make(data, size);
  memset(&m, 0, sizeof m);
  m.detached_id = -1;
  m.op_kind = -1;

  if (in.n > 0 && in.p[0] >= 0xf8) { /* a capacity outside the bounds */
    static const size_t bad[4] = {0, MK_CHANNEL_MIN_CAPACITY - 1,
                                  (size_t)MK_CHANNEL_MAX_CAPACITY + 1, SIZE_MAX};
    m.capacity = bad[fz_u8(&in) % 4];
    struct mk_channel *ch = NULL;
    expect_rc("mk_channel_create(bad capacity)", mk_channel_create(m.capacity, &ch), -EINVAL);
    if (ch) fz_fail("mk_channel_create failed but set *out");
    expect_rc("mk_channel_create(NULL out)", mk_channel_create(64, NULL), -EINVAL);
    return 0;
  }
  m.capacity = fz_biased(&in, MK_CHANNEL_MIN_CAPACITY, 64, MAX_CAPACITY);
  long rc = mk_channel_create(m.capacity, &m.ch);
  if (m.capacity < MK_CHANNEL_MIN_CAPACITY) {
    expect_rc("mk_channel_create(capacity below the minimum)", rc, -EINVAL);
    return 0;
  }
  expect_rc("mk_channel_create", rc, 0);
  if (mk_channel_max_message(m.ch) != max_message())
    fz_fail("mk_channel_max_message is %zu, want capacity - 4 = %zu", mk_channel_max_message(m.ch),
            max_message());

  for (m.op_index = 0; m.op_index < MAX_OPS && in.n > 0; m.op_index++) {
    uint8_t op = fz_u8(&in);
    unsigned variant = op >> 4;
    m.op_kind = op & 15;
    m.arg = 0;
    switch (m.op_kind) {
      case SEND0:
      case SEND1:
      case SEND2:
      case SEND3:
        m.arg = (long)decode_len(&in);
        op_send((size_t)m.arg, variant);
        break;
      case RECV0:
      case RECV1:
      case RECV2:
      case RECV3:
        m.arg = (long)decode_cap(&in);
        op_recv((size_t)m.arg, variant);
        break;
      case ATTACH0:
      case ATTACH1:
        op_attach(variant & 1 ? MK_CHANNEL_RECEIVER : MK_CHANNEL_SENDER);
        break;
      case DETACH:
        m.arg = fz_u8(&in);
        op_detach((uint8_t)m.arg);
        break;
      case NULL_ARGS:
        m.arg = fz_u8(&in) % 3;
        op_null(variant, (size_t)m.arg);
        break;
      case THREAD:
        op_thread(variant);
        break;
      case DIE_SEND:
        m.arg = (long)decode_len(&in);
        op_die_send((size_t)m.arg, fz_u8(&in), variant & 1);
        break;
      case DIE_RECV:
        op_die_recv(fz_u8(&in), variant & 1);
        break;
      default: {
        uint8_t count = fz_u8(&in);
        op_batch(count, fz_u8(&in), variant);
        break;
      }
    }
  }
  m.op_kind = -1;
  expect_rc("mk_channel_destroy", mk_channel_destroy(m.ch), 0);
  return 0;
}
