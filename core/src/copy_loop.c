/* The one copy loop: cuts the segments of a job into windows and hands them
 * out, in order, to the calling thread and to up to threads - 1 helpers,
 * each moving whole windows (copy_window.c). The calling thread alone calls
 * the progress callback, before each window it takes; a cancel or the first
 * error stops every thread from taking another window, and the loop returns
 * only when all of them have finished theirs.
 *
 * Why threads and windows in one loop: a window is the unit of mapping, of
 * progress and of cancellation already, so one thread is just the loop
 * with one worker, and any number of workers copy the same bytes to the
 * same places. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include "copy_internal.h"
#include "mmapkit/util.h"
#include "sigbus_guard.h"

/* Where nothing is in flight. */
#define IDLE UINT64_MAX

/* What the workers share; every field below lock is guarded by it. */
struct loop {
  struct mk__copy_job *job;
  const struct mk__copy_segment *segs;
  size_t nsegs;
  pthread_mutex_t lock;
  size_t seg;   /* the next window starts in segs[seg], at pos */
  uint64_t pos; /* (relative to the job) */
  int stop;     /* a cancel or an error: take no more windows */
  int rc;       /* the first error */
  enum mk__copy_side side;
  unsigned workers;
  uint64_t *inflight; /* per worker: start of the window it copies, or IDLE */
};

struct worker {
  struct loop *loop;
  unsigned index; /* 0: the calling thread */
  int reported;   /* progress was reported for the window it takes next */
};

/* Skips finished and empty segments. Under lock. */
static void settle(struct loop *l) {
  while (l->seg < l->nsegs && l->pos >= l->segs[l->seg].end) {
    l->seg++;
    if (l->seg < l->nsegs) l->pos = l->segs[l->seg].start;
  }
}

/* Below this offset every window is finished: the first window in flight,
 * or the next one to take. Under lock. */
static uint64_t done_below(const struct loop *l) {
  uint64_t done = l->seg < l->nsegs ? l->pos : l->job->total;
  for (unsigned i = 0; i < l->workers; i++) {
    if (l->inflight[i] < done) done = l->inflight[i];
  }
  return done;
}

/* The next window for worker index: 1 with its place in *pos and *n, or 0 when
 * there is none or the loop stopped. Under lock. */
static int take_window(struct loop *l, unsigned index, uint64_t *pos, size_t *n) {
  settle(l);
  if (l->stop || l->seg == l->nsegs) return 0;
  const struct mk__copy_job *job = l->job;
  const size_t page = mk_page_size();
  /* Both mappings start at a page boundary and stay within one window. */
  size_t lead = (size_t)((job->in_off + l->pos) % page);
  size_t out_lead = (size_t)((job->out_off + l->pos) % page);
  if (out_lead > lead) lead = out_lead;
  uint64_t left = l->segs[l->seg].end - l->pos;
  *n = job->plan->window - lead;
  if (left < *n) *n = (size_t)left;
  *pos = l->pos;
  l->pos += *n;
  l->inflight[index] = *pos;
  return 1;
}

/* Records the first error and stops the loop. Under lock. */
static void fail(struct loop *l, int rc, enum mk__copy_side side) {
  if (l->rc == 0) {
    l->rc = rc;
    l->side = side;
  }
  l->stop = 1;
}

/* Worker 0 (the calling thread) reports progress before each window it
 * takes, outside the lock, so the callback may take its time and touch the
 * files while other workers copy. */
static int report_progress(struct loop *l) {
  pthread_mutex_lock(&l->lock);
  settle(l);
  int more = !l->stop && l->seg < l->nsegs;
  uint64_t done = done_below(l);
  pthread_mutex_unlock(&l->lock);
  if (!more) return 0;
  if (mk__copy_progress(l->job->plan, done, l->job->total) == 0) return 1;
  pthread_mutex_lock(&l->lock);
  fail(l, -ECANCELED, MK_COPY_SIDE_NONE);
  pthread_mutex_unlock(&l->lock);
  return 0;
}

static void *work(void *arg) {
  struct worker *w = arg;
  struct loop *l = w->loop;
  /* Each worker's own job: the window movers write its failed side. */
  struct mk__copy_job job = *l->job;
  for (;;) {
    if (w->index == 0 && !w->reported && !report_progress(l)) break;
    w->reported = 0;
    uint64_t pos;
    size_t n;
    pthread_mutex_lock(&l->lock);
    int got = take_window(l, w->index, &pos, &n);
    pthread_mutex_unlock(&l->lock);
    if (!got) break;
    int rc = mk__copy_move_window(&job, job.in_off + pos, job.out_off + pos, n);
    pthread_mutex_lock(&l->lock);
    l->inflight[w->index] = IDLE;
    if (rc != 0) fail(l, rc, job.failed);
    pthread_mutex_unlock(&l->lock);
    if (rc != 0) break;
  }
  return NULL;
}

/* CPUs this thread may run on (its affinity: taskset, cpusets), at least 1. */
static unsigned usable_cpus(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  int n = CPU_COUNT(&set);
  return n > 0 ? (unsigned)n : 1u;
}

/* How many workers: the plan's number, or for 0 one per CPU up to
 * MK_COPY_AUTO_THREADS once there are MK_COPY_AUTO_THREADS_FROM bytes; never
 * more than there are windows. */
static unsigned count_workers(const struct mk__copy_job *job, const struct mk__copy_segment *segs,
                              size_t nsegs) {
  uint64_t bytes = 0, windows = 0;
  for (size_t i = 0; i < nsegs; i++) {
    bytes += segs[i].end - segs[i].start;
    windows += (segs[i].end - segs[i].start + job->plan->window - 1) / job->plan->window;
  }
  unsigned want = job->plan->threads;
  if (want == 0) {
    want = bytes < MK_COPY_AUTO_THREADS_FROM ? 1u : MK_COPY_AUTO_THREADS;
    unsigned cpus = usable_cpus();
    if (cpus < want) want = cpus;
  }
  if (windows < want) want = windows > 0 ? (unsigned)windows : 1u;
  return want;
}

/* Starts helpers 1..count-1 with every signal blocked but the synchronous
 * faults: a signal meant for the application (SIGINT, a timer) must not
 * land in a thread it does not know, while a SIGBUS in a helper's window
 * must reach the guard. Returns how many workers run (at least 1). */
static unsigned start_helpers(struct worker *w, pthread_t *tid, unsigned count) {
  sigset_t block, old;
  sigfillset(&block);
  sigdelset(&block, SIGBUS);
  sigdelset(&block, SIGSEGV);
  sigdelset(&block, SIGFPE);
  sigdelset(&block, SIGILL);
  pthread_sigmask(SIG_SETMASK, &block, &old);
  unsigned started = 1;
  for (unsigned i = 1; i < count; i++) {
    if (pthread_create(&tid[i], NULL, work, &w[i]) != 0) break; /* go on with fewer */
    started++;
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return started;
}

int mk__copy_windows(struct mk__copy_job *job, const struct mk__copy_segment *segs, size_t nsegs) {
  uint64_t inflight[MK_COPY_MAX_THREADS];
  struct worker w[MK_COPY_MAX_THREADS];
  pthread_t tid[MK_COPY_MAX_THREADS];
  struct loop l = {.job = job,
                   .segs = segs,
                   .nsegs = nsegs,
                   .lock = PTHREAD_MUTEX_INITIALIZER,
                   .side = MK_COPY_SIDE_NONE,
                   .workers = count_workers(job, segs, nsegs),
                   .inflight = inflight};
  if (nsegs > 0) l.pos = segs[0].start;
  for (unsigned i = 0; i < l.workers; i++) {
    w[i].loop = &l;
    w[i].index = i;
    w[i].reported = 0;
    inflight[i] = IDLE; /* helpers that do not start stay IDLE */
  }
  if (job->plan->strategy == MK_COPY_MAP_SRC_WRITE)
    job->write_chunk = mk__copy_write_chunk(job->out_fd);
  int guarded = mk__copy_needs_guard(job->plan->strategy);
  int rc = guarded ? mk__sigbus_acquire() : 0;
  if (rc != 0) guarded = 0;
  /* The first report comes before any window is taken, helpers included:
   * a cancel there copies nothing. */
  if (rc == 0 && report_progress(&l)) {
    w[0].reported = 1;
    unsigned started = l.workers > 1 ? start_helpers(w, tid, l.workers) : 1;
    work(&w[0]);
    for (unsigned i = 1; i < started; i++) pthread_join(tid[i], NULL);
  }
  if (rc == 0) {
    rc = l.rc;
    job->failed = l.side;
  }
  if (guarded) mk__sigbus_release();
  pthread_mutex_destroy(&l.lock);
  return rc;
}
