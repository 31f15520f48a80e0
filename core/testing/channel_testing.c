/* The channel's test seam (see channel_testing.h): replaces the library's
 * weak, empty mk__test_point. */
#include "core/testing/channel_testing.h"

#include <stddef.h>

void (*mk__channel_test_hook)(enum mk__channel_point point) = NULL;

void mk__test_point(enum mk__channel_point point) {
  if (mk__channel_test_hook != NULL) mk__channel_test_hook(point);
}
