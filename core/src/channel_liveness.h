/* Private to the channel: is a thread of another process still alive? Two
 * mechanisms, chosen once per channel at create time:
 *
 *   - robust futexes (the kernel marks a robust mutex owner-dead when its
 *     owner thread dies, zombie or not): exact and free, but emulators
 *     (qemu-user) and some seccomp sandboxes do not provide them, and
 *     qemu-user even accepts robust mutexes whose owner-death it never
 *     reports. mk__robust_futexes_work() finds out by letting a thread die
 *     holding one;
 *   - thread records, everywhere else: a thread publishes who it is (thread
 *     group, thread id, and its start time, which tells a reused id apart) in
 *     the shared memory, and others ask the kernel whether that thread still
 *     runs (whether its id exists; tgkill(tgid, tid, 0) and
 *     /proc/TGID/task/TID/stat for zombies and reused ids; a pidfd where /proc
 *     is not mounted).
 *
 * Thread records assume every process using a channel sees the same PID
 * namespace (parent and forked children do). */
#ifndef MMAPKIT_CORE_SRC_CHANNEL_LIVENESS_H
#define MMAPKIT_CORE_SRC_CHANNEL_LIVENESS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A thread, as this process sees it. */
struct mk__thread {
  int32_t tgid;   /* process id; 0: unknown */
  int32_t tid;    /* thread id; 0: nobody */
  uint64_t start; /* start time in clock ticks after boot; 0: unknown */
};

/* A struct mk__thread in shared memory, written by one thread at a time and
 * read by any: a sequence count tells a reader it raced a writer. */
struct mk__thread_record {
  uint32_t seq; /* odd while being written */
  int32_t tgid;
  int32_t tid;
  uint32_t start_lo, start_hi;
};

/* 1 if the kernel reports the death of a robust mutex's owner here, found
 * by a thread that exits holding one; 0 if not, or if that cannot be shown.
 * Decided once per process (one thread started and joined; the result is
 * kept). */
int mk__robust_futexes_work(void);

/* The calling thread (kept per thread; a forked child gets its own). */
const struct mk__thread *mk__thread_self(void);

/* Publishes t in rec (t->tid 0: the record names nobody). */
void mk__thread_record_write(struct mk__thread_record *rec, const struct mk__thread *t);

/* Reads rec into *t: 0, or -EAGAIN if it was being written (then t->tid is
 * still the thread id last published, or 0; the rest unknown). */
int mk__thread_record_read(const struct mk__thread_record *rec, struct mk__thread *t);

/* Is t alive? quick: one system call, whether its thread id exists, which
 * misses a zombie, a thread that has just ended (pthread_join returns
 * moments before the kernel lets go of the thread's id) and a reused id;
 * thorough: also the id within its process (tgkill), its /proc entry (state,
 * start time) or, without /proc, a pidfd of its process. Anything the kernel
 * does not clearly report as gone counts as alive: a live thread must never
 * be taken for dead. t->tid 0 is nobody: not alive. */
int mk__thread_alive(const struct mk__thread *t, int thorough);

/* Is the thread named by rec alive? As above; a record being written is
 * judged by its thread id alone. */
int mk__thread_record_alive(const struct mk__thread_record *rec, int thorough);

/* Does rec name the calling thread? */
int mk__thread_record_is_self(const struct mk__thread_record *rec);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_CORE_SRC_CHANNEL_LIVENESS_H */
