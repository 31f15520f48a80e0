/* The channel's test seam (testonly //core:channel_testing, never in the
 * library): a hook called at each fault point of channel_seam.h, so a
 * test can kill a process at an exact point while it holds a channel lock,
 * and which of its two ways of noticing dead peers a channel uses. A test
 * using the hook must link statically (linkstatic = True): the library's own
 * mk__test_point is a weak no-op that this target's definition replaces. */
#ifndef MMAPKIT_CORE_TESTING_CHANNEL_TESTING_H
#define MMAPKIT_CORE_TESTING_CHANNEL_TESTING_H

#include "core/src/channel_seam.h"

#ifdef __cplusplus
extern "C" {
#endif

/* When non-NULL, called at each point with the channel lock held. Per process
 * (set it in a forked child); NULL unless a test sets it. */
extern void (*mk__channel_test_hook)(enum mk__channel_point point);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_CORE_TESTING_CHANNEL_TESTING_H */
