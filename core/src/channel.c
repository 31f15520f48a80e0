/* The anonymous-memory message channel (see mmapkit/channel.h): a ring of
 * length-prefixed messages, a robust process-shared lock, futex waits, and
 * one robust "alive" lock per attached endpoint to notice dead peers. */
#define _GNU_SOURCE
#include "mmapkit/channel.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "channel_testing.h"
#include "channel_wait.h"

void (*mk_channel_test_hook)(enum mk_channel_point point) = NULL;

/* A waiter wakes at least this often to check whether its peers are alive:
 * a dead process cannot wake anyone. */
enum { POLL_MS = 50 };
/* Every message is preceded by its length. */
enum { FRAME_HEADER = sizeof(uint32_t) };

enum slot_state { SLOT_FREE = 0, SLOT_ATTACHED }; /* FREE is 0: a new mapping is all free */

struct endpoint_slot {
  /* Held by the attached thread for as long as it is attached. Robust: when
   * that thread dies the kernel marks it owner-dead, zombie or not. */
  pthread_mutex_t alive;
  enum slot_state state; /* under mk_channel.lock */
  enum mk_channel_role role;
};

struct mk_channel {
  /* Guards everything below but the futex words; robust, see lock_channel(). */
  pthread_mutex_t lock;
  uint32_t data_seq;  /* futex: bumped when a message arrives or a sender leaves */
  uint32_t space_seq; /* futex: bumped when space frees or a receiver leaves */
  size_t map_len;     /* bytes of the whole mapping, for munmap */
  uint32_t capacity;  /* bytes of ring */
  /* Bytes ever written / read; ring position = index % capacity. Each moves
   * with one store once its message is complete, so a process that dies
   * half-way through leaves the ring as if it had never started. */
  uint64_t tail;
  uint64_t head;
  int ever_attached[2]; /* per role: one attached once, so none left means EPIPE */
  struct endpoint_slot slots[MK_CHANNEL_MAX_ENDPOINTS];
  unsigned char ring[]; /* capacity bytes */
};

static int init_robust_mutex(pthread_mutex_t *m) {
  pthread_mutexattr_t attr;
  int rc = pthread_mutexattr_init(&attr);
  if (rc != 0) return -rc;
  rc = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  if (rc == 0) rc = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  if (rc == 0) rc = pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
  return -rc;
}

/* Take the channel lock, by the deadline: a process stopped (SIGSTOP) while
 * holding it costs the caller its timeout, not a hang; timeout 0 only tries.
 * EOWNERDEAD means the holder died mid-operation; the state is consistent
 * anyway (see tail/head above; a half-attached endpoint is reclaimed by
 * reclaim_dead_endpoints), so mark the lock consistent and wake everyone,
 * since the holder may have died before waking its waiters.
 * Returns 0, -EAGAIN, -ETIMEDOUT, or -ENOTRECOVERABLE. */
static int lock_channel(struct mk_channel *ch, const struct mk_channel_deadline *d) {
  int rc;
  if (d->kind == MK_DEADLINE_NEVER) {
    rc = pthread_mutex_lock(&ch->lock);
  } else if (d->kind == MK_DEADLINE_NOW) {
    rc = pthread_mutex_trylock(&ch->lock);
    if (rc == EBUSY) rc = EAGAIN;
  } else {
    rc = pthread_mutex_clocklock(&ch->lock, CLOCK_MONOTONIC, &d->at);
  }
  if (rc == EOWNERDEAD) {
    pthread_mutex_consistent(&ch->lock);
    mk_channel_futex_bump(&ch->data_seq);
    mk_channel_futex_bump(&ch->space_seq);
    rc = 0;
  }
  return -rc;
}

/* For the calls without a timeout: attach and detach. */
static const struct mk_channel_deadline kNever = {MK_DEADLINE_NEVER, {0, 0}};

static void unlock_channel(struct mk_channel *ch) {
  pthread_mutex_unlock(&ch->lock);
}

/* Is the endpoint in slot still attached? Its alive lock is the truth, the
 * slot state only a hint: frees the slot if its thread died (EOWNERDEAD), or
 * released the lock without marking the slot free (died half-way through
 * detaching, or mk_channel_destroy). */
static int endpoint_alive(struct endpoint_slot *slot) {
  int rc = pthread_mutex_trylock(&slot->alive);
  if (rc == EBUSY) return 1; /* held by its live owner (maybe the caller) */
  if (rc == EOWNERDEAD) pthread_mutex_consistent(&slot->alive);
  if (rc == 0 || rc == EOWNERDEAD) pthread_mutex_unlock(&slot->alive);
  slot->state = SLOT_FREE;
  return 0;
}

/* Number of live endpoints of role, freeing the slots of dead ones. */
static int live_endpoints(struct mk_channel *ch, enum mk_channel_role role) {
  int live = 0;
  for (int i = 0; i < MK_CHANNEL_MAX_ENDPOINTS; i++) {
    struct endpoint_slot *slot = &ch->slots[i];
    if (slot->state == SLOT_ATTACHED && slot->role == role && endpoint_alive(slot)) live++;
  }
  return live;
}

static void reclaim_dead_endpoints(struct mk_channel *ch) {
  live_endpoints(ch, MK_CHANNEL_SENDER);
  live_endpoints(ch, MK_CHANNEL_RECEIVER);
}

/* Every peer of role has gone: one attached once, none is attached now. */
static int peers_gone(struct mk_channel *ch, enum mk_channel_role role) {
  return ch->ever_attached[role] && live_endpoints(ch, role) == 0;
}

/* Copy n bytes into / out of the ring at a byte index, wrapping at the end. */
static void ring_put(struct mk_channel *ch, uint64_t index, const void *src, size_t n) {
  if (n == 0) return; /* src may be NULL for an empty message */
  size_t pos = (size_t)(index % ch->capacity);
  size_t first = n < ch->capacity - pos ? n : ch->capacity - pos;
  memcpy(ch->ring + pos, src, first);
  memcpy(ch->ring, (const unsigned char *)src + first, n - first);
}

static void ring_get(const struct mk_channel *ch, uint64_t index, void *dst, size_t n) {
  if (n == 0) return;
  size_t pos = (size_t)(index % ch->capacity);
  size_t first = n < ch->capacity - pos ? n : ch->capacity - pos;
  memcpy(dst, ch->ring + pos, first);
  memcpy((unsigned char *)dst + first, ch->ring, n - first);
}

static void test_point(enum mk_channel_point point) {
  if (mk_channel_test_hook != NULL) mk_channel_test_hook(point);
}

/* Called with the lock held when the caller cannot proceed yet. Gives up if
 * the deadline has passed; otherwise drops the lock, sleeps until *seq moves
 * or POLL_MS pass, and re-takes it. Returns 0 with the lock held, or an error
 * of lock_channel (-EAGAIN, -ETIMEDOUT, ...) with the lock released. */
static int wait_unlocked(struct mk_channel *ch, uint32_t *seq,
                         const struct mk_channel_deadline *d) {
  long ms = mk_channel_deadline_remaining_ms(d, POLL_MS);
  if (ms == 0) {
    unlock_channel(ch);
    return d->kind == MK_DEADLINE_NOW ? -EAGAIN : -ETIMEDOUT;
  }
  uint32_t seen = __atomic_load_n(seq, __ATOMIC_SEQ_CST);
  unlock_channel(ch);
  mk_channel_futex_wait(seq, seen, ms);
  return lock_channel(ch, d);
}

int mk_channel_create(size_t capacity, struct mk_channel **out) {
  if (out == NULL || capacity < MK_CHANNEL_MIN_CAPACITY || capacity > MK_CHANNEL_MAX_CAPACITY) {
    return -EINVAL;
  }
  size_t len = sizeof(struct mk_channel) + capacity;
  void *mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return -errno;
  struct mk_channel *ch = mem; /* zero-filled: empty ring, every slot free */
  ch->map_len = len;
  ch->capacity = (uint32_t)capacity;
  int rc = init_robust_mutex(&ch->lock);
  for (int i = 0; rc == 0 && i < MK_CHANNEL_MAX_ENDPOINTS; i++) {
    rc = init_robust_mutex(&ch->slots[i].alive);
  }
  if (rc != 0) {
    munmap(mem, len);
    return rc;
  }
  *out = ch;
  return 0;
}

size_t mk_channel_max_message(const struct mk_channel *ch) {
  return ch == NULL ? 0 : ch->capacity - FRAME_HEADER;
}

int mk_channel_destroy(struct mk_channel *ch) {
  if (ch == NULL) return -EINVAL;
  /* Our alive locks must not stay in this thread's robust list once the
   * memory they live in is unmapped. Unlocking another thread's robust mutex
   * fails with EPERM, which tells ours apart without the channel lock, so a
   * peer stopped while holding that cannot block destroy. The slots stay
   * marked attached until a probe finds their alive lock free and reclaims
   * them, exactly as after a thread that died half-way through detaching. */
  int released = 0;
  for (int i = 0; i < MK_CHANNEL_MAX_ENDPOINTS; i++) {
    if (pthread_mutex_unlock(&ch->slots[i].alive) == 0) released = 1;
  }
  if (released) { /* waiters re-check for EPIPE now rather than at their next poll */
    mk_channel_futex_bump(&ch->data_seq);
    mk_channel_futex_bump(&ch->space_seq);
  }
  if (munmap(ch, ch->map_len) != 0) return -errno;
  return 0;
}

int mk_channel_attach(struct mk_channel *ch, enum mk_channel_role role) {
  if (ch == NULL || (role != MK_CHANNEL_SENDER && role != MK_CHANNEL_RECEIVER)) return -EINVAL;
  int rc = lock_channel(ch, &kNever);
  if (rc != 0) return rc;
  reclaim_dead_endpoints(ch);
  int id = -EUSERS;
  for (int i = 0; i < MK_CHANNEL_MAX_ENDPOINTS && id < 0; i++) {
    struct endpoint_slot *slot = &ch->slots[i];
    if (slot->state != SLOT_FREE) continue;
    rc = pthread_mutex_trylock(&slot->alive);
    /* A thread died after taking this slot's lock but before publishing the
     * slot as attached: the slot is ours now. */
    if (rc == EOWNERDEAD) rc = pthread_mutex_consistent(&slot->alive);
    if (rc != 0) continue;
    test_point(MK_CHANNEL_POINT_ATTACH_BEFORE_PUBLISH);
    slot->role = role;
    ch->ever_attached[role] = 1;
    slot->state = SLOT_ATTACHED;
    id = i;
  }
  unlock_channel(ch);
  return id;
}

int mk_channel_detach(struct mk_channel *ch, int endpoint) {
  if (ch == NULL || endpoint < 0 || endpoint >= MK_CHANNEL_MAX_ENDPOINTS) return -EINVAL;
  int rc = lock_channel(ch, &kNever);
  if (rc != 0) return rc;
  struct endpoint_slot *slot = &ch->slots[endpoint];
  if (slot->state != SLOT_ATTACHED) {
    rc = -EINVAL;
  } else {
    rc = -pthread_mutex_unlock(&slot->alive); /* -EPERM unless the caller holds it */
    if (rc == 0) {
      test_point(MK_CHANNEL_POINT_DETACH_BEFORE_PUBLISH);
      slot->state = SLOT_FREE;
    }
  }
  enum mk_channel_role role = slot->role;
  unlock_channel(ch);
  /* Waiters on the other side re-check whether any peer is left. */
  if (rc == 0) mk_channel_futex_bump(role == MK_CHANNEL_SENDER ? &ch->data_seq : &ch->space_seq);
  return rc;
}

int mk_channel_send(struct mk_channel *ch, const void *msg, size_t len, int timeout_ms) {
  if (ch == NULL || (msg == NULL && len > 0)) return -EINVAL;
  if (len > mk_channel_max_message(ch)) return -EMSGSIZE;
  struct mk_channel_deadline deadline = mk_channel_deadline_after(timeout_ms);
  int rc = lock_channel(ch, &deadline);
  if (rc != 0) return rc;
  for (;;) {
    if (peers_gone(ch, MK_CHANNEL_RECEIVER)) {
      unlock_channel(ch);
      return -EPIPE;
    }
    if (ch->capacity - (ch->tail - ch->head) >= FRAME_HEADER + len) break;
    rc = wait_unlocked(ch, &ch->space_seq, &deadline);
    if (rc != 0) return rc;
  }
  uint32_t header = (uint32_t)len; /* len <= capacity <= MK_CHANNEL_MAX_CAPACITY */
  ring_put(ch, ch->tail, &header, FRAME_HEADER);
  ring_put(ch, ch->tail + FRAME_HEADER, msg, len);
  test_point(MK_CHANNEL_POINT_SEND_BEFORE_PUBLISH);
  ch->tail += FRAME_HEADER + len; /* publish */
  unlock_channel(ch);
  mk_channel_futex_bump(&ch->data_seq);
  return 0;
}

long mk_channel_recv(struct mk_channel *ch, void *buf, size_t cap, int timeout_ms) {
  if (ch == NULL || (buf == NULL && cap > 0)) return -EINVAL;
  struct mk_channel_deadline deadline = mk_channel_deadline_after(timeout_ms);
  int rc = lock_channel(ch, &deadline);
  if (rc != 0) return rc;
  while (ch->tail == ch->head) {
    if (peers_gone(ch, MK_CHANNEL_SENDER)) {
      unlock_channel(ch);
      return -EPIPE;
    }
    rc = wait_unlocked(ch, &ch->data_seq, &deadline);
    if (rc != 0) return rc;
  }
  uint32_t len;
  ring_get(ch, ch->head, &len, FRAME_HEADER);
  if (len > cap) {
    unlock_channel(ch);
    return -EMSGSIZE; /* left queued: the caller may retry with a bigger buffer */
  }
  ring_get(ch, ch->head + FRAME_HEADER, buf, len);
  test_point(MK_CHANNEL_POINT_RECV_BEFORE_PUBLISH);
  ch->head += FRAME_HEADER + len; /* publish */
  unlock_channel(ch);
  mk_channel_futex_bump(&ch->space_seq);
  return (long)len;
}
