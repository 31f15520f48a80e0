/* fuzz/planted/channel_plants.c - bugs planted in mk_channel_send / mk_channel_recv for
 * //fuzz:channel_selfcheck (see fuzz/common/plant.h), each a realistic bug in the channel that
 * only a positive timeout, a peer dying mid-operation or two threads at once uncover. */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz/common/plant.h"
#include "mmapkit/channel.h"

int __real_mk_channel_send(struct mk_channel *ch, const void *msg, size_t len, int timeout_ms);
long __real_mk_channel_recv(struct mk_channel *ch, void *buf, size_t cap, int timeout_ms);
int __wrap_mk_channel_send(struct mk_channel *ch, const void *msg, size_t len, int timeout_ms);
long __wrap_mk_channel_recv(struct mk_channel *ch, void *buf, size_t cap, int timeout_ms);

enum { POSITIVE_TIMEOUT_NEVER_WAITS = 1, DYING_RECEIVER_LOSES_MESSAGE, CONCURRENT_RECEIVE_TORN };
const struct fz_plant fz_plants[] = {
    {"positive_timeout_never_waits",
     "a positive timeout is taken for 0: -EAGAIN at once instead of waiting, then -ETIMEDOUT"},
    {"dying_receiver_loses_message",
     "recv publishes the read index before copying the message out: a receiver that dies "
     "copying it loses the message"},
    {"concurrent_receive_torn",
     "recv reads the ring outside the lock: a message received while another thread sends "
     "comes out torn"},
};
const int fz_plant_count = sizeof fz_plants / sizeof fz_plants[0];

static atomic_int sending; /* calls of mk_channel_send under way */

int __wrap_mk_channel_send(struct mk_channel *ch, const void *msg, size_t len, int timeout_ms) {
  if (fz_plant_active == POSITIVE_TIMEOUT_NEVER_WAITS && timeout_ms > 0) timeout_ms = 0;
  atomic_fetch_add(&sending, 1);
  int rc = __real_mk_channel_send(ch, msg, len, timeout_ms);
  atomic_fetch_sub(&sending, 1);
  return rc;
}

long __wrap_mk_channel_recv(struct mk_channel *ch, void *buf, size_t cap, int timeout_ms) {
  if (fz_plant_active == POSITIVE_TIMEOUT_NEVER_WAITS && timeout_ms > 0) timeout_ms = 0;
  if (fz_plant_active == DYING_RECEIVER_LOSES_MESSAGE && buf != NULL) {
    static uint8_t taken[1 << 16]; /* the message, already consumed */
    long n = __real_mk_channel_recv(ch, taken, cap < sizeof taken ? cap : sizeof taken, timeout_ms);
    if (n > 0) memcpy(buf, taken, (size_t)n);
    return n;
  }
  int during = atomic_load(&sending);
  long n = __real_mk_channel_recv(ch, buf, cap, timeout_ms);
  during += atomic_load(&sending);
  if (fz_plant_active == CONCURRENT_RECEIVE_TORN && n > 0 && during > 0) {
    ((uint8_t *)buf)[n - 1] ^= 0x20;
  }
  return n;
}
