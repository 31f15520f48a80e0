/* The anonymous-memory message channel (see mmapkit/channel.h): a ring of
 * length-prefixed messages between a sending and a receiving side, each
 * with its own lock (see channel_internal.h). Endpoints are in
 * channel_endpoints.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

#include "channel_internal.h"

__attribute__((weak)) void mk__test_point(enum mk__channel_point point) {
  (void)point;
}

/* Every message is preceded by its length. */
enum { FRAME_HEADER = sizeof(uint32_t) };

/* Indexes run over [0, 2 * capacity): equal means empty, capacity apart full. */
static uint32_t used_bytes(const struct mk_channel *ch, uint32_t tail, uint32_t head) {
  return tail >= head ? tail - head : tail + 2 * ch->capacity - head;
}

static uint32_t advance(const struct mk_channel *ch, uint32_t index, uint32_t n) {
  uint32_t next = index + n; /* < 3 * 2^30: no overflow */
  return next >= 2 * ch->capacity ? next - 2 * ch->capacity : next;
}

/* Copy n bytes into / out of the ring at an index, wrapping at the end. */
static void ring_put(struct mk_channel *ch, uint32_t index, const void *src, size_t n) {
  if (n == 0) return; /* src may be NULL for an empty message */
  size_t pos = index >= ch->capacity ? index - ch->capacity : index;
  size_t first = n < ch->capacity - pos ? n : ch->capacity - pos;
  memcpy(ch->ring + pos, src, first);
  memcpy(ch->ring, (const unsigned char *)src + first, n - first);
}

static void ring_get(const struct mk_channel *ch, uint32_t index, void *dst, size_t n) {
  if (n == 0) return;
  size_t pos = index >= ch->capacity ? index - ch->capacity : index;
  size_t first = n < ch->capacity - pos ? n : ch->capacity - pos;
  memcpy(dst, ch->ring + pos, first);
  memcpy((unsigned char *)dst + first, ch->ring, n - first);
}

/* Takes a side's lock. A previous owner that died there left the ring
 * as it was (its index never moved), but it may have died before waking a
 * sleeper: everyone looks again. */
static int take_side(struct mk_channel *ch, struct mk__side *side,
                     const struct mk__channel_deadline *d) {
  int rc = mk__lock_take(&side->lock, d);
  if (rc == 1) {
    mk__wake_all(&ch->data);
    mk__wake_all(&ch->space);
    rc = 0;
  }
  return rc;
}

int mk_channel_create(size_t capacity, struct mk_channel **out) {
  if (out == NULL || capacity < MK_CHANNEL_MIN_CAPACITY || capacity > MK_CHANNEL_MAX_CAPACITY) {
    return -EINVAL;
  }
  size_t len = offsetof(struct mk_channel, ring) + capacity;
  void *mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) return -errno;
  struct mk_channel *ch = mem; /* zero-filled: empty ring, every slot free, locks free */
  ch->map_len = len;
  ch->capacity = (uint32_t)capacity;
  ch->robust = (uint32_t)mk__robust_futexes_work();
  int rc = mk__lock_init(&ch->admin, (int)ch->robust);
  if (rc == 0) rc = mk__lock_init(&ch->send.lock, (int)ch->robust);
  if (rc == 0) rc = mk__lock_init(&ch->recv.lock, (int)ch->robust);
  if (rc == 0) rc = mk__endpoints_init(ch);
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

int mk__channel_uses_robust_futexes(const struct mk_channel *ch) {
  return (int)ch->robust;
}

int mk_channel_destroy(struct mk_channel *ch) {
  if (ch == NULL) return -EINVAL;
  if (mk__endpoints_release_own(ch)) { /* waiters re-check for EPIPE now, not at their next poll */
    mk__wake_all(&ch->data);
    mk__wake_all(&ch->space);
  }
  if (munmap(ch, ch->map_len) != 0) return -errno;
  return 0;
}

int mk_channel_send(struct mk_channel *ch, const void *msg, size_t len, int timeout_ms) {
  if (ch == NULL || (msg == NULL && len > 0)) return -EINVAL;
  if (len > mk_channel_max_message(ch)) return -EMSGSIZE;
  struct mk__channel_deadline deadline = mk__channel_deadline_after(timeout_ms);
  int rc = take_side(ch, &ch->send, &deadline);
  if (rc != 0) return rc;
  const uint32_t need = (uint32_t)(FRAME_HEADER + len); /* len <= capacity <= 2^30 */
  const uint32_t tail = __atomic_load_n(&ch->send.index, __ATOMIC_RELAXED);
  for (;;) {
    if (mk__peers_gone(ch, MK_CHANNEL_RECEIVER)) {
      rc = -EPIPE;
      break;
    }
    if (ch->capacity - used_bytes(ch, tail, ch->send.seen) >= need) break;
    uint32_t head = __atomic_load_n(&ch->recv.index, __ATOMIC_ACQUIRE);
    ch->send.seen = head;
    if (ch->capacity - used_bytes(ch, tail, head) >= need) break;
    rc = mk__wait_for_change(&ch->space, &ch->recv.index, head, &deadline, &ch->recv.cpu);
    if (rc != 0) break;
  }
  if (rc == 0) {
    uint32_t header = (uint32_t)len;
    ring_put(ch, tail, &header, FRAME_HEADER);
    ring_put(ch, advance(ch, tail, FRAME_HEADER), msg, len);
    mk__test_point(MK_CHANNEL_POINT_SEND_BEFORE_PUBLISH);
    __atomic_store_n(&ch->send.index, advance(ch, tail, need), __ATOMIC_RELEASE); /* publish */
    __atomic_store_n(&ch->send.cpu, (uint32_t)sched_getcpu(), __ATOMIC_RELAXED);
  }
  mk__lock_release(&ch->send.lock);
  if (rc == 0) mk__wake_sleeper(&ch->data);
  return rc;
}

/* With the receivers' lock held: waits until a message is queued at head.
 * Returns 0, or -EPIPE, -EAGAIN, -ETIMEDOUT. */
static int wait_for_message(struct mk_channel *ch, uint32_t head,
                            const struct mk__channel_deadline *d) {
  for (;;) {
    if (ch->recv.seen != head) return 0;
    uint32_t tail = __atomic_load_n(&ch->send.index, __ATOMIC_ACQUIRE);
    ch->recv.seen = tail;
    if (tail != head) return 0;
    if (mk__peers_gone(ch, MK_CHANNEL_SENDER)) {
      /* The last sender may have published just before it went. */
      ch->recv.seen = __atomic_load_n(&ch->send.index, __ATOMIC_ACQUIRE);
      return ch->recv.seen != head ? 0 : -EPIPE;
    }
    int rc = mk__wait_for_change(&ch->data, &ch->send.index, head, d, &ch->send.cpu);
    if (rc != 0) return rc;
  }
}

long mk_channel_recv(struct mk_channel *ch, void *buf, size_t cap, int timeout_ms) {
  if (ch == NULL || (buf == NULL && cap > 0)) return -EINVAL;
  struct mk__channel_deadline deadline = mk__channel_deadline_after(timeout_ms);
  int rc = take_side(ch, &ch->recv, &deadline);
  if (rc != 0) return rc;
  const uint32_t head = __atomic_load_n(&ch->recv.index, __ATOMIC_RELAXED);
  uint32_t len = 0;
  rc = wait_for_message(ch, head, &deadline);
  if (rc == 0) {
    ring_get(ch, head, &len, FRAME_HEADER);
    if (len > cap) rc = -EMSGSIZE; /* left queued: the caller may retry with a bigger buffer */
  }
  if (rc == 0) {
    ring_get(ch, advance(ch, head, FRAME_HEADER), buf, len);
    mk__test_point(MK_CHANNEL_POINT_RECV_BEFORE_PUBLISH);
    __atomic_store_n(&ch->recv.index, advance(ch, head, FRAME_HEADER + len), __ATOMIC_RELEASE);
    __atomic_store_n(&ch->recv.cpu, (uint32_t)sched_getcpu(), __ATOMIC_RELAXED);
  }
  mk__lock_release(&ch->recv.lock);
  if (rc != 0) return rc;
  mk__wake_sleeper(&ch->space);
  return (long)len;
}
