/* The channel's endpoints (see mmapkit/channel.h): attach, detach, and
 * whether the peers of a role are all gone. An attached endpoint's thread
 * holds its slot's robust "alive" mutex, or is named by the slot's thread
 * record (see channel_liveness.h); either way its death shows without any
 * action of its own. */
#define _GNU_SOURCE
#include <errno.h>
#include <time.h>

#include "channel_internal.h"

static uint32_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

int mk__endpoints_init(struct mk_channel *ch) {
  if (!ch->robust) return 0; /* zero-filled: every record names nobody */
  int rc = 0;
  for (int i = 0; rc == 0 && i < MK_CHANNEL_MAX_ENDPOINTS; i++) {
    rc = mk__robust_mutex_init(&ch->slots[i].alive);
  }
  return rc;
}

/* Is the endpoint in slot still attached? Its alive mutex or thread record
 * is the truth, the slot state only a hint: a thread that died (zombie or
 * not), let go in mk_channel_destroy, or died half-way through detaching is
 * gone. thorough: see mk__thread_alive; with thread records a thorough look
 * happens anyway once MK__POLL_MS have passed since the last one, so a
 * zombie or a reused thread id shows within that time. */
static int endpoint_alive(struct mk_channel *ch, struct mk__endpoint *slot, int thorough) {
  if (ch->robust) {
    int rc = pthread_mutex_trylock(&slot->alive);
    if (rc == EBUSY) return 1; /* held by its live owner (maybe the caller) */
    if (rc == EOWNERDEAD) pthread_mutex_consistent(&slot->alive);
    if (rc == 0 || rc == EOWNERDEAD) pthread_mutex_unlock(&slot->alive);
    return 0;
  }
  uint32_t now = now_ms();
  if (now - __atomic_load_n(&slot->verified_ms, __ATOMIC_RELAXED) >= MK__POLL_MS) thorough = 1;
  int alive = mk__thread_record_alive(&slot->owner, thorough);
  if (alive && thorough) __atomic_store_n(&slot->verified_ms, now, __ATOMIC_RELAXED);
  return alive;
}

int mk__peers_gone(struct mk_channel *ch, enum mk_channel_role role) {
  /* attach sets the slot's bit before ever_attached: no window where a
   * peer that attached is missed. */
  if (!__atomic_load_n(&ch->ever_attached[role], __ATOMIC_ACQUIRE)) return 0;
  uint32_t bits = __atomic_load_n(&ch->attached[role], __ATOMIC_ACQUIRE);
  for (int i = 0; bits != 0; i++, bits >>= 1) {
    if ((bits & 1) && endpoint_alive(ch, &ch->slots[i], 0)) return 0;
  }
  return 1;
}

/* Under the admin lock: frees the slots whose endpoint has gone. */
static void reclaim_dead_endpoints(struct mk_channel *ch) {
  for (int i = 0; i < MK_CHANNEL_MAX_ENDPOINTS; i++) {
    struct mk__endpoint *slot = &ch->slots[i];
    if (slot->state == MK__SLOT_ATTACHED && !endpoint_alive(ch, slot, 1)) {
      __atomic_and_fetch(&ch->attached[slot->role], ~(1u << i), __ATOMIC_RELEASE);
      slot->state = MK__SLOT_FREE;
    }
  }
}

/* Under the admin lock: makes slot the calling thread's, or returns -EBUSY. */
static int claim(struct mk_channel *ch, struct mk__endpoint *slot) {
  if (!ch->robust) {
    mk__thread_record_write(&slot->owner, mk__thread_self());
    __atomic_store_n(&slot->verified_ms, now_ms(), __ATOMIC_RELAXED);
    return 0;
  }
  int rc = pthread_mutex_trylock(&slot->alive);
  /* A thread died after taking this slot's mutex but before publishing the
   * slot as attached: the slot is ours now. */
  if (rc == EOWNERDEAD) rc = pthread_mutex_consistent(&slot->alive);
  return rc == 0 ? 0 : -EBUSY; /* busy: a peer is looking at it right now */
}

/* Lets go of slot if the calling thread holds it: 0, or -EPERM. */
static int let_go(struct mk_channel *ch, struct mk__endpoint *slot) {
  if (ch->robust) return -pthread_mutex_unlock(&slot->alive); /* EPERM unless ours */
  if (!mk__thread_record_is_self(&slot->owner)) return -EPERM;
  static const struct mk__thread nobody = {0, 0, 0};
  mk__thread_record_write(&slot->owner, &nobody);
  return 0;
}

/* Whoever held the admin lock may have died anywhere in attach or detach:
 * each of their steps leaves the slots consistent, but the wake they owed
 * may be missing. */
static int take_admin(struct mk_channel *ch) {
  static const struct mk__channel_deadline never = {MK_DEADLINE_NEVER, {0, 0}};
  int rc = mk__lock_take(&ch->admin, &never);
  if (rc == 1) {
    mk__wake_all(&ch->data);
    mk__wake_all(&ch->space);
    rc = 0;
  }
  return rc;
}

int mk_channel_attach(struct mk_channel *ch, enum mk_channel_role role) {
  if (ch == NULL || (role != MK_CHANNEL_SENDER && role != MK_CHANNEL_RECEIVER)) return -EINVAL;
  int rc = take_admin(ch);
  if (rc != 0) return rc;
  reclaim_dead_endpoints(ch);
  int id = -EUSERS;
  for (int i = 0; i < MK_CHANNEL_MAX_ENDPOINTS && id < 0; i++) {
    struct mk__endpoint *slot = &ch->slots[i];
    if (slot->state != MK__SLOT_FREE || claim(ch, slot) != 0) continue;
    mk__test_point(MK_CHANNEL_POINT_ATTACH_BEFORE_PUBLISH);
    slot->role = role;
    slot->state = MK__SLOT_ATTACHED;
    __atomic_or_fetch(&ch->attached[role], 1u << i, __ATOMIC_RELEASE);
    __atomic_store_n(&ch->ever_attached[role], 1, __ATOMIC_RELEASE);
    id = i;
  }
  mk__lock_release(&ch->admin);
  return id;
}

int mk_channel_detach(struct mk_channel *ch, int endpoint) {
  if (ch == NULL || endpoint < 0 || endpoint >= MK_CHANNEL_MAX_ENDPOINTS) return -EINVAL;
  int rc = take_admin(ch);
  if (rc != 0) return rc;
  struct mk__endpoint *slot = &ch->slots[endpoint];
  enum mk_channel_role role = slot->role;
  rc = slot->state == MK__SLOT_ATTACHED ? let_go(ch, slot) : -EINVAL;
  if (rc == 0) {
    mk__test_point(MK_CHANNEL_POINT_DETACH_BEFORE_PUBLISH);
    __atomic_and_fetch(&ch->attached[role], ~(1u << endpoint), __ATOMIC_RELEASE);
    slot->state = MK__SLOT_FREE;
  }
  mk__lock_release(&ch->admin);
  /* Waiters on the other side re-check whether any peer is left. */
  if (rc == 0) mk__wake_all(role == MK_CHANNEL_SENDER ? &ch->data : &ch->space);
  return rc;
}

/* Our alive mutexes must not stay in this thread's robust list once the
 * memory they live in is unmapped. Unlocking another thread's robust mutex
 * fails with EPERM, which tells ours apart without the admin lock, so a
 * peer stopped while holding that cannot block destroy; a thread record is
 * ours when it names us. The slots stay marked attached until a probe finds
 * them let go and reclaims them, exactly as after a thread that died
 * half-way through detaching. */
int mk__endpoints_release_own(struct mk_channel *ch) {
  int released = 0;
  for (int i = 0; i < MK_CHANNEL_MAX_ENDPOINTS; i++) {
    if (let_go(ch, &ch->slots[i]) == 0) released = 1;
  }
  return released;
}
