/* mmapkit/channel.h - a one-way message channel in MAP_SHARED|MAP_ANONYMOUS
 * memory, created before fork() and used between a parent and its children
 * (two channels make a conversation).
 *
 * Messages are length-prefixed records in a ring buffer of fixed capacity,
 * delivered whole and in order. Senders and receivers do not share a lock:
 * the senders' lock orders the senders, the receivers' lock the receivers,
 * and a message is published (or consumed) by one store once it is whole. A
 * process killed at any point, even while holding a lock, neither hangs the
 * others nor corrupts the channel. A call that cannot go on (full, empty)
 * first waits briefly: it yields the CPU once if the process it waits for
 * last ran on the same CPU (unless yields have lately gone to other work),
 * or polls for up to 5 microseconds if that one runs on another; then it
 * sleeps on a futex, and the other side makes the system call that wakes it
 * only when somebody sleeps.
 *
 * Endpoints and peer death. A thread that sends or receives attaches as a
 * sender or a receiver (mk_channel_attach) and stays attached until it
 * detaches, or until it (its thread, or its whole process) dies, zombie or
 * not; waiters notice within about 50 ms. Attaching is what lets the other
 * side notice the death; send and receive themselves do not require it.
 * Like a FIFO:
 *   - recv returns -EPIPE when nothing is queued and every sender that ever
 *     attached has gone (before the first sender attaches, it just waits);
 *   - send returns -EPIPE at once when every receiver that ever attached has
 *     gone (before the first receiver attaches, messages are buffered).
 *   Attachment happens after fork() in the child, so a receiver that needs
 *   all of its senders should keep a sender endpoint of its own until they
 *   have attached (as a parent keeps a pipe's write end open while forking).
 *
 * How a death is noticed is chosen at mk_channel_create, once per process:
 *   - robust futexes, where the kernel reports the death of a robust mutex's
 *     owner (checked by letting a thread die holding one: glibc accepts
 *     robust mutexes even where the kernel never hears of them). An attached
 *     thread holds a robust mutex; the kernel releases it when the thread
 *     dies, and a lock holder's death hands its lock on at once;
 *   - thread records everywhere else (qemu-user, seccomp sandboxes that
 *     refuse set_robust_list): each attached thread and each lock holder
 *     records its process id, thread id and start time, and the others ask
 *     the kernel whether that thread still runs (whether its id exists, its
 *     /proc entry for zombies and reused ids, a pidfd where /proc is not
 *     mounted).
 *     The same guarantees, except that a lock whose holder died passes on
 *     after up to about 50 ms, and that send notices a dead receiver at once
 *     only once the kernel has reaped it (a zombie, or a thread that ended a
 *     moment ago, within about 50 ms). Every process using the channel must
 *     see the same PID namespace.
 *
 * After a peer died the channel stays usable; nothing is ever "broken":
 * messages the dead peer had sent are still delivered; one it was in the
 * middle of sending is dropped whole (it was never published); one it was in
 * the middle of receiving stays queued for the next receiver. Its endpoint is
 * reclaimed, and a new sender or receiver may attach at any time.
 *
 * Timeouts are in milliseconds: < 0 waits forever (still noticing peer death),
 * 0 never waits (-EAGAIN instead), > 0 waits at most that long (-ETIMEDOUT).
 * They bound the wait for a lock too: a sender (receiver) stopped (SIGSTOP)
 * while holding its side's lock costs the other senders (receivers) a
 * timeout, not a hang. Signals do not interrupt a wait.
 *
 * Any call that takes a lock may also return -ENOTRECOVERABLE, which only
 * a process writing over the channel's memory can cause. */
#ifndef MMAPKIT_CHANNEL_H
#define MMAPKIT_CHANNEL_H

#include <stddef.h>
#include "mmapkit/util.h" /* MK_EXTERN */

#ifdef __cplusplus
extern "C" {
#endif

struct mk_channel; /* opaque; lives in the shared mapping */

/* Bounds on the capacity given to mk_channel_create. */
#define MK_CHANNEL_MIN_CAPACITY 16
#define MK_CHANNEL_MAX_CAPACITY (1u << 30)
/* How many endpoints (senders and receivers together) may be attached. */
#define MK_CHANNEL_MAX_ENDPOINTS 32

enum mk_channel_role {
  MK_CHANNEL_SENDER,
  MK_CHANNEL_RECEIVER,
};

/* Create a channel holding at most capacity bytes of queued messages, framing
 * (4 bytes per message) included. Call before fork(); children inherit it.
 * The first call in a process also finds out whether robust futexes work:
 * it starts and joins one thread (its cost: tools/bench_results.md, "Without
 * robust futexes"). Returns 0 and *out, or -EINVAL (out is NULL, capacity
 * outside [MK_CHANNEL_MIN_CAPACITY, MK_CHANNEL_MAX_CAPACITY]), -ENOMEM. */
MK_EXTERN int mk_channel_create(size_t capacity, struct mk_channel **out);

/* Largest message the channel accepts: capacity - 4. 0 for a NULL ch. */
MK_EXTERN size_t mk_channel_max_message(const struct mk_channel *ch);

/* Detach every endpoint the calling thread holds on ch, then unmap this
 * process's view of the channel (other processes keep theirs). Endpoints of
 * other threads of this process must be detached by them first. ch must not
 * be used afterwards. Never waits for a lock. Returns 0, -EINVAL for a NULL
 * ch, or -errno from munmap(2). */
MK_EXTERN int mk_channel_destroy(struct mk_channel *ch);

/* Attach the calling thread as a sender or a receiver of ch. Attach and
 * detach wait for their lock without a limit: a holder that dies releases
 * it, one that is stopped (SIGSTOP) blocks them until it continues or dies.
 * Returns an endpoint id (>= 0) for mk_channel_detach, or -EINVAL (NULL ch,
 * bad role), -EUSERS (MK_CHANNEL_MAX_ENDPOINTS endpoints attached). */
MK_EXTERN int mk_channel_attach(struct mk_channel *ch, enum mk_channel_role role);

/* Detach endpoint, which the calling thread attached. When the last sender
 * (receiver) detaches, waiting receivers (senders) get -EPIPE as described
 * above. Returns 0, or -EINVAL (NULL ch, no such attached endpoint), -EPERM
 * (the endpoint belongs to another thread or process). */
MK_EXTERN int mk_channel_detach(struct mk_channel *ch, int endpoint);

/* Send one message of len bytes (0 allowed). Blocks while the channel is full.
 * Returns 0, or -EINVAL (NULL ch, NULL msg with len > 0), -EMSGSIZE
 * (len > mk_channel_max_message: nothing is sent), -EPIPE (all receivers
 * gone), -EAGAIN (full and timeout_ms == 0), -ETIMEDOUT. */
MK_EXTERN int mk_channel_send(struct mk_channel *ch, const void *msg, size_t len, int timeout_ms);

/* Receive the oldest message into buf. Blocks while the channel is empty.
 * Returns the message length (>= 0), or -EINVAL (NULL ch, NULL buf with
 * cap > 0), -EMSGSIZE (the message is longer than cap: it stays queued),
 * -EPIPE (empty and all senders gone), -EAGAIN (empty and timeout_ms == 0),
 * -ETIMEDOUT. */
MK_EXTERN long mk_channel_recv(struct mk_channel *ch, void *buf, size_t cap, int timeout_ms);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_CHANNEL_H */
