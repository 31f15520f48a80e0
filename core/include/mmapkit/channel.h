/* mmapkit/channel.h - a message channel in MAP_SHARED|MAP_ANONYMOUS memory,
 * created before fork() and used between a parent and its children.
 *
 * OWNER: the channel work (issue 2, 6). This header is the contract; keep
 * every comment true. */
#ifndef MMAPKIT_CHANNEL_H
#define MMAPKIT_CHANNEL_H

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mk_channel; /* opaque; lives in the shared mapping */

/* Largest message the channel accepts: capacity minus framing. */
size_t mk_channel_max_message(const struct mk_channel *ch);

/* Create a channel holding at most capacity bytes of queued messages
 * (framing included). Call before fork(); children inherit it.
 * Returns 0 and *out, or -EINVAL (capacity too small/large), -ENOMEM. */
int mk_channel_create(size_t capacity, struct mk_channel **out);

/* Unmap this process's view of the channel. Returns 0 or -errno. */
int mk_channel_destroy(struct mk_channel *ch);

/* Send one message of len bytes (0 allowed). Blocks while the channel is
 * full; timeout_ms < 0 waits forever, 0 never waits.
 * Returns 0, or -EMSGSIZE (len > mk_channel_max_message), -ETIMEDOUT,
 * -EPIPE (the receiving peer died), -EINVAL. */
int mk_channel_send(struct mk_channel *ch, const void *msg, size_t len, int timeout_ms);

/* Receive the oldest message into buf. Blocks while the channel is empty.
 * Returns the message length (>= 0), or -EMSGSIZE (buf too small; the message
 * stays queued), -ETIMEDOUT, -EPIPE (the sending peer died and nothing is
 * queued), -EINVAL. */
long mk_channel_recv(struct mk_channel *ch, void *buf, size_t cap, int timeout_ms);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_CHANNEL_H */
