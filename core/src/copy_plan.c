/* What every copy checks and shares: options (defaults, validation), which
 * file types can be copied, and the progress/cancel callback. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/stat.h>

#include "copy_internal.h"
#include "mmapkit/util.h"

#define MK_COPY_ALL_FLAGS                                                            \
  (MK_COPY_SYNC | MK_COPY_POPULATE | MK_COPY_ADV_SEQUENTIAL | MK_COPY_ADV_WILLNEED | \
   MK_COPY_ADV_HUGEPAGE | MK_COPY_NO_RESERVE | MK_COPY_IN_PLACE | MK_COPY_PRESERVE)

int mk_copy_plan_init(const struct mk_copy_options *options, struct mk_copy_plan *plan) {
  plan->window = MK_COPY_DEFAULT_WINDOW;
  plan->flags = MK_COPY_DEFAULT_FLAGS;
  plan->strategy = MK_COPY_DEFAULT_STRATEGY;
  plan->progress = NULL;
  plan->progress_arg = NULL;
  plan->threads = 0;
  if (options == NULL) return 0;

  if (options->window != 0) {
    if (options->window % mk_page_size() != 0) return -EINVAL;
    plan->window = options->window;
  }
  if (options->flags & ~MK_COPY_ALL_FLAGS) return -EINVAL;
  plan->flags = options->flags;
  switch (options->strategy) {
    case MK_COPY_MAP_BOTH:
    case MK_COPY_MAP_SRC_WRITE:
    case MK_COPY_MAP_DST_READ:
      plan->strategy = options->strategy;
      break;
    default:
      return -EINVAL;
  }
  if (options->threads > MK_COPY_MAX_THREADS) return -EINVAL;
  plan->threads = options->threads;
  plan->progress = options->progress;
  plan->progress_arg = options->progress_arg;
  return 0;
}

int mk_copy_progress(const struct mk_copy_plan *plan, uint64_t done, uint64_t total) {
  if (plan->progress != NULL && plan->progress(plan->progress_arg, done, total) != 0) {
    return -ECANCELED;
  }
  return 0;
}

int mk_copy_check_type(mode_t mode) {
  if (S_ISREG(mode)) return 0;
  if (S_ISDIR(mode)) return -EISDIR;
  if (S_ISFIFO(mode) || S_ISSOCK(mode)) return -ESPIPE;
  return -EINVAL; /* devices: no size, and /dev/zero never ends */
}
