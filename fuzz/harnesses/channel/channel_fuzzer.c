/* fuzz/harnesses/channel/channel_fuzzer.c - the anonymous channel's framing and endpoint
 * rules (mmapkit/channel.h), against an exact model.
 *
 * The model: a FIFO of messages, each costing 4 + len bytes of the capacity. A send succeeds
 * exactly when it fits (-EMSGSIZE above max_message, -EAGAIN when full: timeout 0), a receive
 * returns the oldest message whole (-EMSGSIZE and it stays queued if the buffer is short,
 * -EAGAIN when empty), and -EPIPE appears exactly when every endpoint of the other role that
 * ever attached is gone. Every received message is checked byte for byte; the channel wraps
 * around its ring often because capacities are small. One operation lets another thread
 * drain the queue and check it, optionally dying while attached as a receiver (its endpoint
 * must then count as gone). All in one process: see op_thread for why not across a fork.
 *
 * Input encoding (bytes; every reader yields 0 once the input runs out):
 *   capacity  b0 < 0xf8: fz_biased(16, 64) <= 4096 (values below 16 are invalid);
 *             b0 >= 0xf8: b0 % 4 -> 0, 15, MAX_CAPACITY + 1, SIZE_MAX: -EINVAL expected
 *   then up to MAX_OPS operations, an op byte (low 3 bits kind, high 5 bits variant) + args:
 *     0, 1 SEND  len byte: >> 6 == 0 -> exact fit + delta, 1 -> max_message + delta,
 *                2 -> b & 63, 3 -> u16 % (capacity + 16); variant bit 3: block (timeout -1)
 *                when the model says the send cannot block
 *     2, 3 RECV  cap byte: >> 6 == 0 -> the oldest message's length + delta, 1 -> 0,
 *                2 -> b & 63, 3 -> u16; variant bit 3: block when it cannot block
 *     4    ATTACH     variant bit 3: receiver, else sender
 *     5    DETACH     index byte: < 0xf0 one of ours (index % count), else an invalid id
 *     6    NULL args  variant bits 3-4: send(NULL, len), recv(NULL, cap), a NULL channel to
 *                     every call, or a second detach of an id already detached
 *     7    THREAD     another thread drains every message and checks it; variant bit 3: it
 *                     first attaches as a receiver and exits without detaching (once per
 *                     input; later ones just drain) */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/common/check.h"
#include "fuzz/common/fuzz_input.h"
#include "mmapkit/channel.h"
#include "mmapkit/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_CAPACITY = 4096, FRAME = 4, MAX_OPS = 128, MAX_QUEUE = MAX_CAPACITY / FRAME };
enum { SEND0, SEND1, RECV0, RECV1, ATTACH, DETACH, NULL_ARGS, THREAD, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"SEND",   "SEND",   "RECV",      "RECV",
                                               "ATTACH", "DETACH", "NULL_ARGS", "THREAD"};

static uint8_t noise[MAX_CAPACITY + 512]; /* message bytes: noise + seq % 256 */
static uint8_t buf[MAX_CAPACITY + 64];

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

static void op_send(size_t len, int block) {
  long want = 0;
  if (len > max_message())
    want = -EMSGSIZE;
  else if (gone(MK_CHANNEL_RECEIVER))
    want = -EPIPE;
  else if (m.used + FRAME + len > m.capacity)
    want = -EAGAIN;
  int timeout = block && want != -EAGAIN ? -1 : 0;
  uint32_t seq = m.next_seq;
  long rc = mk_channel_send(m.ch, noise + seq % 256, len, timeout);
  expect_rc("mk_channel_send", rc, want);
  if (rc != 0) return;
  unsigned slot = (m.q_head + m.q_count++) % (MAX_QUEUE + 1);
  m.q[slot].seq = seq;
  m.q[slot].len = (uint32_t)len;
  m.used += FRAME + len;
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

static void op_recv(size_t cap, int block) {
  long want;
  if (m.q_count == 0)
    want = gone(MK_CHANNEL_SENDER) ? -EPIPE : -EAGAIN;
  else
    want = front_len() > cap ? -EMSGSIZE : (long)front_len();
  int timeout = block && want != -EAGAIN ? -1 : 0;
  if (cap > sizeof buf) cap = sizeof buf;
  long rc = mk_channel_recv(m.ch, buf, cap, timeout);
  expect_rc("mk_channel_recv", rc, want);
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
 * endpoint must then count as gone. (A forked child would test the same robust-lock path
 * across processes, but fork costs ~3 ms under ASan here: 20 times this whole harness.) */
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
    unsigned variant = op >> 3;
    m.op_kind = op & 7;
    switch (m.op_kind) {
      case SEND0:
      case SEND1:
        m.arg = (long)decode_len(&in);
        op_send((size_t)m.arg, variant & 1);
        break;
      case RECV0:
      case RECV1:
        m.arg = (long)decode_cap(&in);
        op_recv((size_t)m.arg, variant & 1);
        break;
      case ATTACH:
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
    }
  }
  m.op_kind = -1;
  expect_rc("mk_channel_destroy", mk_channel_destroy(m.ch), 0);
  return 0;
}
