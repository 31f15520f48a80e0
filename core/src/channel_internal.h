/* Private to the channel: the layout of its shared memory, and what
 * channel.c (messages) and channel_endpoints.c (who is attached) share.
 *
 * Senders and receivers never share a lock. Each role has its own lock,
 * which orders the processes of that role, and one index only that role
 * moves: senders copy a message into the free part of the ring and then
 * advance the tail, receivers copy one out and then advance the head. Each
 * index moves with one store once its message is complete, so a process
 * that dies at any point leaves the ring as if it had never started; its
 * lock passes to the next owner (see channel_lock.h) with nothing to
 * repair. A side that cannot go on waits briefly (channel_wait.h), then
 * sleeps on a futex that the other side only wakes when somebody sleeps. */
#ifndef MMAPKIT_CORE_SRC_CHANNEL_INTERNAL_H
#define MMAPKIT_CORE_SRC_CHANNEL_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "channel_liveness.h"
#include "channel_lock.h"
#include "channel_seam.h"
#include "channel_wait.h"
#include "mmapkit/channel.h"

/* Fields written by different sides live on different cache lines. */
#define MK__LINE 64

enum mk__slot_state { MK__SLOT_FREE = 0, MK__SLOT_ATTACHED }; /* FREE is 0: a new mapping */

struct mk__endpoint {
  /* Robust futexes: held by the attached thread for as long as it is
   * attached; the kernel marks it owner-dead when that thread dies. */
  pthread_mutex_t alive;
  /* Thread records: the attached thread (tid 0 once it let go). */
  struct mk__thread_record owner;
  uint32_t verified_ms; /* thread records: when a thorough look last found it alive */
  /* Under the admin lock. */
  enum mk__slot_state state;
  enum mk_channel_role role;
};

/* One side of the ring. */
struct mk__side {
  struct mk__channel_lock lock; /* orders the senders (receivers) */
  uint32_t index;               /* tail (head), in [0, 2 * capacity) */
  uint32_t seen;                /* the other side's index when we last read it */
  uint32_t cpu;                 /* where the last one to move index ran */
};

struct mk_channel {
  size_t map_len;    /* bytes of the whole mapping, for munmap */
  uint32_t capacity; /* bytes of ring */
  uint32_t robust;   /* robust futexes (1) or thread records (0), see channel_liveness.h */
  struct mk__channel_lock admin; /* attach and detach */
  uint32_t ever_attached[2];     /* per role: one attached once, so none left means EPIPE */
  uint32_t attached[2];          /* per role: bit i set while slot i is attached in it */
  struct mk__endpoint slots[MK_CHANNEL_MAX_ENDPOINTS];
  _Alignas(MK__LINE) struct mk__wake data; /* receivers sleep here while empty */
  struct mk__wake space;                   /* senders sleep here while full */
  _Alignas(MK__LINE) struct mk__side send;
  _Alignas(MK__LINE) struct mk__side recv;
  _Alignas(MK__LINE) unsigned char ring[]; /* capacity bytes */
};

/* channel_endpoints.c */

/* Every peer of role has gone: one attached once, none is attached now. */
int mk__peers_gone(struct mk_channel *ch, enum mk_channel_role role);

/* Initialises the endpoint slots of a new, zero-filled channel. 0 or -errno. */
int mk__endpoints_init(struct mk_channel *ch);

/* Lets go of every endpoint the calling thread holds, without the admin
 * lock (mk_channel_destroy). Returns whether it held any. */
int mk__endpoints_release_own(struct mk_channel *ch);

#endif /* MMAPKIT_CORE_SRC_CHANNEL_INTERNAL_H */
