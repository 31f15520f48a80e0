/* Test-only fault points inside the channel's calls, so a test can kill a
 * process at an exact point while it holds a channel lock, and which of its
 * two ways of noticing dead peers a channel uses. Not part of the public
 * API. */
#ifndef MMAPKIT_CORE_SRC_CHANNEL_TESTING_H
#define MMAPKIT_CORE_SRC_CHANNEL_TESTING_H

#ifdef __cplusplus
extern "C" {
#endif

enum mk_channel_point {
  /* send: the whole frame is in the ring, the write index not yet advanced (senders' lock held) */
  MK_CHANNEL_POINT_SEND_BEFORE_PUBLISH,
  /* recv: the message is copied out, the read index not yet advanced (receivers' lock held) */
  MK_CHANNEL_POINT_RECV_BEFORE_PUBLISH,
  /* attach: the endpoint's alive mutex or thread record is taken, the slot not yet marked
   * attached (admin lock held) */
  MK_CHANNEL_POINT_ATTACH_BEFORE_PUBLISH,
  /* detach: the endpoint's alive mutex or thread record is let go, the slot not yet marked
   * free (admin lock held) */
  MK_CHANNEL_POINT_DETACH_BEFORE_PUBLISH,
};

/* When non-NULL, called at each point with the channel lock held. Per process
 * (set it in a forked child); NULL unless a test sets it. */
extern void (*mk_channel_test_hook)(enum mk_channel_point point);

struct mk_channel;
/* 1: ch notices dead peers through robust futexes; 0: through thread
 * records, because robust futexes do not work here (core/src/channel_liveness.h). */
int mk__channel_uses_robust_futexes(const struct mk_channel *ch);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_CORE_SRC_CHANNEL_TESTING_H */
