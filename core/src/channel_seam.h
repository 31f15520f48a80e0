/* What the channel offers its tests, declared apart from channel_internal.h
 * (which is C only) so C++ tests can include it through channel_testing.h. */
#ifndef MMAPKIT_CORE_SRC_CHANNEL_SEAM_H
#define MMAPKIT_CORE_SRC_CHANNEL_SEAM_H

#ifdef __cplusplus
extern "C" {
#endif

struct mk_channel;

/* Fault points: places in the channel's calls where a test may stop or kill
 * the process while it holds a lock. */
enum mk__channel_point {
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

/* Called at each fault point. The library's definition is weak and does
 * nothing; the testonly //core:channel_testing replaces it in statically
 * linked tests (channel_testing.h), so no test seam ships in the library. */
void mk__test_point(enum mk__channel_point point);

/* 1: ch notices dead peers through robust futexes; 0: through thread
 * records, because robust futexes do not work here (channel_liveness.h).
 * For tests (channel_testing.h). */
int mk__channel_uses_robust_futexes(const struct mk_channel *ch);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_CORE_SRC_CHANNEL_SEAM_H */
