/* Test-only fault points inside mk_channel_send / mk_channel_recv, so a test
 * can kill a process at an exact point while it holds the channel lock
 * (issue 6 item 8). Not part of the public API. */
#ifndef MMAPKIT_CORE_SRC_CHANNEL_TESTING_H
#define MMAPKIT_CORE_SRC_CHANNEL_TESTING_H

#ifdef __cplusplus
extern "C" {
#endif

enum mk_channel_point {
  /* send: the whole frame is in the ring, the write index not yet advanced */
  MK_CHANNEL_POINT_SEND_BEFORE_PUBLISH,
  /* recv: the message is copied out, the read index not yet advanced */
  MK_CHANNEL_POINT_RECV_BEFORE_PUBLISH,
  /* attach: the endpoint's alive lock is taken, the slot not yet marked attached */
  MK_CHANNEL_POINT_ATTACH_BEFORE_PUBLISH,
  /* detach: the endpoint's alive lock is released, the slot not yet marked free */
  MK_CHANNEL_POINT_DETACH_BEFORE_PUBLISH,
};

/* When non-NULL, called at each point with the channel lock held. Per process
 * (set it in a forked child); NULL unless a test sets it. */
extern void (*mk_channel_test_hook)(enum mk_channel_point point);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_CORE_SRC_CHANNEL_TESTING_H */
