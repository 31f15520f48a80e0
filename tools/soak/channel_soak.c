/* channel_soak - M sender and N receiver processes on one mk_channel while peers are killed
 * (SIGKILL) or stopped (SIGSTOP, then SIGCONT) at random and restarted; at the end every
 * message is accounted for.
 *
 *   channel_soak [--seconds N] [--senders M] [--receivers R] [--capacity BYTES] [--seed S]
 *
 * Every process incarnation has a number. A sender numbers its messages; each carries its
 * incarnation, number, length and content derived from them. In shared memory a sender
 * records the message it is about to send and the last one whose send returned 0; a
 * receiver receives into shared memory, checks the message (content, and that the messages
 * of one sender come in order), counts it, and then marks its buffer free. So after the run:
 *   - a message whose send returned 0 must have been received exactly once - or it sits,
 *     complete, in the buffer of a receiver killed after receiving it and before counting it
 *     (counted as "taken by a receiver that died"; the channel had delivered it);
 *   - the message a sender was sending when it died was received once, or never ("never
 *     published": the contract drops a half-sent message whole);
 *   - nothing else was received, nothing twice, nothing damaged.
 * A hang is no message received for 15 s while peers run, or a peer that does not finish
 * within 30 s at the end (senders stop, receivers drain until -EPIPE).
 * Prints the counts; exits 0 if nothing was lost, duplicated, corrupted or hung, 1 if
 * anything was, 2 on a usage or setup error. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mmapkit/channel.h"
#include "tools/soak/soak_util.h"

enum { MAX_INC = 16384, MAX_SEQ = 16384, MAX_PEERS = 12, MAX_MSG = 1024 };
enum { HANG_MS = 15000, FINISH_MS = 30000 };
#define MAGIC 0x6b616f73u /* "soak" */

struct header {
  uint32_t magic, inc, seq, len;
};

/* Shared by every process. Fields a process writes are its own; counters are atomic. */
struct sender_record {
  uint32_t attempting; /* 1 + the seq being sent, 0 before the first */
  uint32_t confirmed;  /* messages whose send returned 0: seqs [0, confirmed) */
};
struct receiver_record {
  uint32_t receiving; /* 1 from before recv until the message is counted */
  uint8_t buf[MAX_MSG];
};
struct ledger {
  uint32_t stop;      /* senders finish; receivers leave at -EPIPE */
  uint64_t delivered; /* messages counted */
  uint32_t corrupt, disorder, errors;
  uint32_t problem_taken;
  char problem[512]; /* the first one, in words */
  struct sender_record senders[MAX_INC];
  struct receiver_record receivers[MAX_INC];
};

static struct ledger *L;
static uint8_t *counts; /* [inc * MAX_SEQ + seq]: times received */
static struct mk_channel *ch;
static size_t max_len;

__attribute__((format(printf, 2, 3))) static void problem(uint32_t *counter, const char *fmt, ...) {
  __atomic_add_fetch(counter, 1, __ATOMIC_SEQ_CST);
  if (__atomic_exchange_n(&L->problem_taken, 1, __ATOMIC_SEQ_CST)) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(L->problem, sizeof L->problem, fmt, ap);
  va_end(ap);
}

static size_t message_len(uint32_t inc, uint32_t seq) {
  uint64_t st = (uint64_t)inc << 32 | seq;
  return (size_t)soak_between(&st, sizeof(struct header), max_len);
}

static void make_message(uint8_t *buf, uint32_t inc, uint32_t seq) {
  struct header h = {MAGIC, inc, seq, (uint32_t)message_len(inc, seq)};
  memcpy(buf, &h, sizeof h);
  soak_fill(buf + sizeof h, h.len - sizeof h, inc, seq, 0);
}

/* 0 if buf[0..n) is a whole message (its incarnation and seq in *inc, *seq). */
static int check_message(const uint8_t *buf, long n, uint32_t *inc, uint32_t *seq) {
  static uint8_t want[MAX_MSG];
  struct header h;
  if (n < (long)sizeof h) return -1;
  memcpy(&h, buf, sizeof h);
  if (h.magic != MAGIC || h.inc >= MAX_INC || h.seq >= MAX_SEQ || h.len != (uint32_t)n ||
      (size_t)n != message_len(h.inc, h.seq))
    return -1;
  make_message(want, h.inc, h.seq);
  if (memcmp(buf, want, (size_t)n) != 0) return -1;
  *inc = h.inc;
  *seq = h.seq;
  return 0;
}

/* -1 (forever), 0, or 1..20 ms. */
static int pick_timeout(uint64_t *rng) {
  uint64_t r = soak_random(rng) % 4;
  return r == 0 ? -1 : r == 1 ? 0 : (int)soak_between(rng, 1, 20);
}

static void run_sender(uint32_t inc, uint64_t seed) {
  uint64_t rng = seed ^ inc;
  uint8_t msg[MAX_MSG];
  while (mk_channel_attach(ch, MK_CHANNEL_SENDER) < 0) soak_sleep_ms(1); /* endpoints reclaimed */
  struct sender_record *me = &L->senders[inc];
  for (uint32_t seq = 0; seq < MAX_SEQ && !__atomic_load_n(&L->stop, __ATOMIC_SEQ_CST);) {
    make_message(msg, inc, seq);
    __atomic_store_n(&me->attempting, seq + 1, __ATOMIC_SEQ_CST);
    int rc = mk_channel_send(ch, msg, message_len(inc, seq), pick_timeout(&rng));
    if (rc == 0) {
      __atomic_store_n(&me->confirmed, ++seq, __ATOMIC_SEQ_CST);
    } else if (rc == -EPIPE) {
      soak_sleep_ms(1); /* every receiver gone: they are being restarted */
    } else if (rc != -EAGAIN && rc != -ETIMEDOUT) {
      problem(&L->errors, "sender %u: mk_channel_send returned %d", inc, rc);
      _exit(2);
    }
  }
  _exit(0); /* still attached: the endpoint goes with the process */
}

static void run_receiver(uint32_t rinc, uint64_t seed) {
  uint64_t rng = seed ^ ((uint64_t)rinc << 20);
  static int32_t last[MAX_INC]; /* per sender incarnation: the last seq this receiver saw */
  memset(last, 0xff, sizeof last);
  while (mk_channel_attach(ch, MK_CHANNEL_RECEIVER) < 0) soak_sleep_ms(1);
  struct receiver_record *me = &L->receivers[rinc];
  for (;;) {
    __atomic_store_n(&me->receiving, 1, __ATOMIC_SEQ_CST);
    long n = mk_channel_recv(ch, me->buf, sizeof me->buf, pick_timeout(&rng));
    uint32_t inc, seq;
    if (n >= 0) {
      if (check_message(me->buf, n, &inc, &seq) != 0) {
        problem(&L->corrupt, "receiver %u: a %ld-byte message that is no message sent", rinc, n);
      } else {
        if ((int32_t)seq <= last[inc]) {
          problem(&L->disorder, "receiver %u: sender %u's message %u after its message %d", rinc,
                  inc, seq, last[inc]);
        }
        last[inc] = (int32_t)seq;
        __atomic_add_fetch(&counts[(size_t)inc * MAX_SEQ + seq], 1, __ATOMIC_SEQ_CST);
        __atomic_add_fetch(&L->delivered, 1, __ATOMIC_SEQ_CST);
      }
    } else if (n == -EPIPE) {
      if (__atomic_load_n(&L->stop, __ATOMIC_SEQ_CST)) { /* drained, and the senders are gone */
        __atomic_store_n(&me->receiving, 0, __ATOMIC_SEQ_CST);
        _exit(0);
      }
      soak_sleep_ms(1);
    } else if (n != -EAGAIN && n != -ETIMEDOUT) {
      problem(&L->errors, "receiver %u: mk_channel_recv returned %ld", rinc, n);
      _exit(2);
    }
    __atomic_store_n(&me->receiving, 0, __ATOMIC_SEQ_CST);
  }
}

/* --- the parent: peers, chaos, accounting ---------------------------------------------- */

struct peer {
  pid_t pid;     /* 0: none */
  int sender;    /* role */
  uint32_t inc;  /* incarnation */
  int64_t until; /* stopped until then (0: running) */
};

static struct peer peers[MAX_PEERS];
static int n_peers;
static uint32_t next_sender_inc, next_receiver_inc;
static long seed;
static struct {
  long kills_sender, kills_receiver, stops, restarts, peer_errors, hangs, finished_senders;
} stats;

static void start(struct peer *p) {
  uint32_t *next = p->sender ? &next_sender_inc : &next_receiver_inc;
  p->pid = 0;
  p->until = 0;
  if (*next >= MAX_INC) return; /* out of incarnations: the slot stays empty */
  p->inc = (*next)++;
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    perror("channel_soak: fork");
    exit(2);
  }
  if (pid == 0) {
    if (p->sender) run_sender(p->inc, (uint64_t)seed);
    run_receiver(p->inc, (uint64_t)seed);
  }
  p->pid = pid;
}

/* Reaps ended peers; restarts them unless stopping. */
static void reap(int restart) {
  int status;
  pid_t pid;
  while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
    for (int i = 0; i < n_peers; i++) {
      struct peer *p = &peers[i];
      if (p->pid != pid) continue;
      if (WIFEXITED(status) && WEXITSTATUS(status) != 0) stats.peer_errors++;
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && p->sender) stats.finished_senders++;
      p->pid = 0;
      if (restart) {
        start(p);
        stats.restarts++;
      }
    }
  }
}

/* Waits up to ms for the peers of one role to end by themselves. Returns how many are left. */
static int wait_for(int senders, int64_t ms) {
  int64_t deadline = soak_now_ms() + ms;
  for (;;) {
    reap(0);
    int left = 0;
    for (int i = 0; i < n_peers; i++) left += peers[i].pid && peers[i].sender == senders;
    if (left == 0 || soak_now_ms() > deadline) return left;
    soak_sleep_ms(5);
  }
}

static void chaos(uint64_t *rng) {
  struct peer *p = &peers[soak_random(rng) % (uint64_t)n_peers];
  if (!p->pid || p->until) return;
  if (soak_random(rng) % 10 < 6) {
    kill(p->pid, SIGKILL);
    if (p->sender)
      stats.kills_sender++;
    else
      stats.kills_receiver++;
  } else {
    kill(p->pid, SIGSTOP);
    p->until = soak_now_ms() + (int64_t)soak_between(rng, 1, 200);
    stats.stops++;
  }
}

static void continue_stopped(int all) {
  for (int i = 0; i < n_peers; i++) {
    if (peers[i].pid && peers[i].until && (all || soak_now_ms() >= peers[i].until)) {
      kill(peers[i].pid, SIGCONT);
      peers[i].until = 0;
    }
  }
}

int main(int argc, char **argv) {
  long seconds = 20, senders = 3, receivers = 3, capacity = 1024;
  seed = 1;
  const struct soak_option options[] = {
      {"--seconds", &seconds, NULL, "how long peers are killed and restarted (default 20)"},
      {"--senders", &senders, NULL, "sender processes at a time (default 3)"},
      {"--receivers", &receivers, NULL, "receiver processes at a time (default 3)"},
      {"--capacity", &capacity, NULL, "the channel's capacity in bytes (default 1024)"},
      {"--seed", &seed, NULL, "of the random choices (default 1)"},
      {NULL, NULL, NULL, NULL}};
  if (soak_parse(argc, argv, options,
                 "Usage: channel_soak [options]\nMessages between processes killed and stopped "
                 "at random, every one accounted for.\n") != 0)
    return 2;
  if (senders < 1 || receivers < 1 || senders + receivers > MAX_PEERS || capacity < 64 ||
      capacity > MAX_MSG + 4) {
    fprintf(stderr,
            "channel_soak: need 1 <= senders, receivers; senders + receivers <= %d; "
            "64 <= capacity <= %d\n",
            MAX_PEERS, MAX_MSG + 4);
    return 2;
  }
  /* Several messages fit at once, so the ring wraps and senders wait for room. */
  max_len = (size_t)capacity / 3;
  L = soak_shared(sizeof *L);
  counts = soak_shared((size_t)MAX_INC * MAX_SEQ);
  int rc = mk_channel_create((size_t)capacity, &ch);
  if (rc != 0) {
    fprintf(stderr, "channel_soak: mk_channel_create: %s\n", strerror(-rc));
    return 2;
  }
  for (long i = 0; i < senders + receivers; i++) {
    peers[n_peers].sender = i < senders;
    start(&peers[n_peers++]);
  }

  uint64_t rng = (uint64_t)seed * 7919;
  int64_t end = soak_now_ms() + seconds * 1000, next_chaos = soak_now_ms() + 100;
  uint64_t seen = 0;
  int64_t last_progress = soak_now_ms();
  while (soak_now_ms() < end && stats.hangs == 0) {
    reap(1);
    continue_stopped(0);
    int64_t now = soak_now_ms();
    if (now >= next_chaos) {
      chaos(&rng);
      next_chaos = now + (int64_t)soak_between(&rng, 20, 250);
    }
    uint64_t d = __atomic_load_n(&L->delivered, __ATOMIC_SEQ_CST);
    if (d != seen) {
      seen = d;
      last_progress = now;
    } else if (now - last_progress > HANG_MS) {
      fprintf(stderr, "channel_soak: HANG: no message received for %d s\n", HANG_MS / 1000);
      stats.hangs++;
    }
    soak_sleep_ms(2);
  }

  /* The end: nobody is killed any more; senders finish, receivers drain to -EPIPE. */
  continue_stopped(1);
  __atomic_store_n(&L->stop, 1, __ATOMIC_SEQ_CST);
  int left_senders = wait_for(1, FINISH_MS);
  int left_receivers = left_senders ? n_peers : wait_for(0, FINISH_MS);
  if (left_senders || left_receivers) {
    fprintf(stderr,
            "channel_soak: HANG: %d senders and %d receivers still running %d s after "
            "the end\n",
            left_senders, left_receivers, FINISH_MS / 1000);
    stats.hangs++;
    for (int i = 0; i < n_peers; i++) {
      if (peers[i].pid) kill(peers[i].pid, SIGKILL);
    }
    while (wait(NULL) > 0) continue;
  }

  /* Accounting. */
  long sent = 0, received_once = 0, lost = 0, duplicated = 0, in_flight = 0, published = 0,
       unpublished = 0, taken_by_dead = 0, unsent_received = 0;
  char lost_example[128] = "";
  for (uint32_t inc = 0; inc < next_sender_inc; inc++) {
    const struct sender_record *s = &L->senders[inc];
    for (uint32_t seq = 0; seq < MAX_SEQ; seq++) {
      uint8_t n = counts[(size_t)inc * MAX_SEQ + seq];
      int confirmed = seq < s->confirmed, attempted = seq < s->attempting;
      if (n > 1) duplicated++;
      if (confirmed) {
        sent++;
        if (n == 1) received_once++;
      } else if (attempted) {
        in_flight++;
        if (n >= 1) published++;
      } else if (n > 0) {
        unsent_received++;
      }
      if (n != 0 || !attempted) continue;
      /* Not received: taken by a receiver that died before counting it? */
      int taken = 0;
      for (uint32_t r = 0; r < next_receiver_inc && !taken; r++) {
        const struct receiver_record *rr = &L->receivers[r];
        uint32_t got_inc, got_seq;
        struct header h;
        memcpy(&h, rr->buf, sizeof h);
        taken = rr->receiving && h.len <= MAX_MSG &&
                check_message(rr->buf, h.len, &got_inc, &got_seq) == 0 && got_inc == inc &&
                got_seq == seq;
      }
      if (taken) {
        taken_by_dead++;
      } else if (confirmed) {
        lost++;
        if (!lost_example[0])
          snprintf(lost_example, sizeof lost_example, "sender %u's message %u", inc, seq);
      } else {
        unpublished++;
      }
    }
  }
  printf("channel soak: %ld s, %ld senders + %ld receivers, capacity %ld, seed %ld\n", seconds,
         senders, receivers, capacity, seed);
  printf("  messages: %ld sent (send returned 0), %llu received, %ld received exactly once\n", sent,
         (unsigned long long)L->delivered, received_once);
  printf(
      "  being sent when their sender was killed: %ld (%ld had been published and were "
      "received, %ld never published)\n",
      in_flight, published, unpublished);
  printf("  taken by a receiver killed before it counted them: %ld\n", taken_by_dead);
  printf(
      "  peers: %ld senders and %ld receivers killed, %ld stopped and continued, %ld restarts "
      "(%ld senders ended after %d messages), incarnations: %u senders, %u receivers\n",
      stats.kills_sender, stats.kills_receiver, stats.stops, stats.restarts, stats.finished_senders,
      MAX_SEQ, next_sender_inc, next_receiver_inc);
  printf(
      "  lost: %ld%s%s, duplicated: %ld, received unsent: %ld, corrupt: %u, out of order: %u, "
      "peer errors: %ld, hangs: %ld\n",
      lost, lost ? ", first " : "", lost_example, duplicated, unsent_received, L->corrupt,
      L->disorder, stats.peer_errors, stats.hangs);
  if (L->problem_taken) printf("  first problem: %s\n", L->problem);
  int bad = lost || duplicated || unsent_received || L->corrupt || L->disorder ||
            stats.peer_errors || stats.hangs || sent == 0;
  printf("channel soak: %s\n", bad ? "FAIL" : "PASS");
  fflush(stdout); /* before any exit handler that could abort (a sanitizer's) */
  return bad ? 1 : 0;
}
