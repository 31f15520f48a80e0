/* What every copy checks and shares: options (defaults, validation), which
 * strategies there are, and the progress/cancel callback. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/stat.h>

#include "copy_internal.h"
#include "mmapkit/util.h"

int mk__copy_plan_init(const struct mk_copy_options *options, struct mk__copy_plan *plan) {
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
  if (mk_copy_strategy_name(options->strategy) == NULL) return -EINVAL;
  plan->strategy = options->strategy;
  if (options->threads > MK_COPY_MAX_THREADS) return -EINVAL;
  plan->threads = options->threads;
  plan->progress = options->progress;
  plan->progress_arg = options->progress_arg;
  return 0;
}

const char *mk_copy_strategy_name(enum mk_copy_strategy strategy) {
  switch (strategy) {
    case MK_COPY_MAP_SRC_WRITE:
      return "MK_COPY_MAP_SRC_WRITE";
    case MK_COPY_MAP_BOTH:
      return "MK_COPY_MAP_BOTH";
    case MK_COPY_MAP_DST_READ:
      return "MK_COPY_MAP_DST_READ";
  }
  return NULL;
}

int mk__copy_progress(const struct mk__copy_plan *plan, uint64_t done, uint64_t total) {
  if (plan->progress != NULL && plan->progress(plan->progress_arg, done, total) != 0) {
    return -ECANCELED;
  }
  return 0;
}
