/* anonchat - the seed's parent/child exchange over anonymous shared memory,
 * on mk_channel (mmapkit/channel.h) instead of sleep(1): the parent sends,
 * the child prints what it got and answers, the parent prints the answer.
 * The order of the two lines comes from the channel itself: the child prints
 * before it answers, and the parent prints only after the answer arrived. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mmapkit/channel.h"
#include "mmapkit/util.h"
#include "tools/cli_messages.h"
#include "tools/cli_support.h"

static const char kUsage[] =
    "Usage: anonchat [--timeout MS]\n"
    "Create two message channels in MAP_SHARED|MAP_ANONYMOUS memory, fork, and\n"
    "exchange one message each way. Prints exactly:\n"
    "  child got a message: hi, this is father\n"
    "  parent got a message: hi, dad, this is son\n"
    "\n"
    "  --timeout MS  give up on a message after MS milliseconds (default 10000);\n"
    "                a peer that dies is noticed at once, whatever the timeout\n"
    "  --help        print this help and exit\n"
    "\n"
    "Exit status: 0 on success, 1 on error (said on stderr).\n";

static const char kFatherSays[] = "hi, this is father";
static const char kSonSays[] = "hi, dad, this is son";

enum { CHANNEL_CAPACITY = 256 };

struct chat {
  struct mk_channel *to_child;
  struct mk_channel *to_parent;
  int timeout_ms;
};

static int fail(const char *who, const char *what, long rc) {
  fprintf(stderr, "anonchat: %s: %s: %s\n", who, what, mk_strerror((int)rc));
  return 1;
}

/* Returns 0, or an exit status after printing why. */
static int parse_options(int argc, char **argv, int *timeout_ms) {
  static const struct option kLong[] = {
      {"timeout", required_argument, NULL, 't'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  *timeout_ms = 10000;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "", kLong, NULL)) != -1) {
    switch (c) {
      case 't': {
        char *end;
        errno = 0;
        long v = strtol(optarg, &end, 10);
        if (errno != 0 || end == optarg || *end != '\0' || v < 1 || v > 3600000) {
          return cli_usage_error(
              "anonchat", "--timeout needs milliseconds from 1 to 3600000, not '%s'", optarg);
        }
        *timeout_ms = (int)v;
        break;
      }
      case 'h':
        fputs(kUsage, stdout);
        exit(0);
      default:
        return cli_usage_error("anonchat", "unknown option or missing value: '%s'",
                               argv[optind - 1]);
    }
  }
  if (optind != argc) return cli_usage_error("anonchat", "unexpected argument '%s'", argv[optind]);
  return 0;
}

/* Receives one text message into buf (NUL-terminated). Returns its length or -errno. */
static long recv_text(struct mk_channel *ch, char *buf, size_t cap, int timeout_ms) {
  long n = mk_channel_recv(ch, buf, cap - 1, timeout_ms);
  if (n >= 0) buf[n] = '\0';
  return n;
}

/* The child: attach, take the father's message, say so, answer. */
static int run_child(const struct chat *c) {
  int rc = mk_channel_attach(c->to_child, MK_CHANNEL_RECEIVER);
  if (rc < 0) return fail("child", "attach", rc);
  rc = mk_channel_attach(c->to_parent, MK_CHANNEL_SENDER);
  if (rc < 0) return fail("child", "attach", rc);
  char buf[CHANNEL_CAPACITY];
  long n = recv_text(c->to_child, buf, sizeof buf, c->timeout_ms);
  if (n < 0) return fail("child", "receive", n);
  printf("child got a message: %s\n", buf);
  /* The line must be out before the answer lets the parent print its own. */
  if (cli_flush_stdout() != 0) return 1;
  rc = mk_channel_send(c->to_parent, kSonSays, strlen(kSonSays), c->timeout_ms);
  if (rc < 0) return fail("child", "send", rc);
  return 0;
}

/* The parent: send, take the answer, say so. Its endpoints were attached
 * before fork(), so a child that dies is noticed. */
static int run_parent(const struct chat *c) {
  int rc = mk_channel_send(c->to_child, kFatherSays, strlen(kFatherSays), c->timeout_ms);
  if (rc < 0) return fail("parent", "send", rc);
  char buf[CHANNEL_CAPACITY];
  long n = recv_text(c->to_parent, buf, sizeof buf, c->timeout_ms);
  if (n < 0) return fail("parent", "receive", n);
  printf("parent got a message: %s\n", buf);
  if (cli_flush_stdout() != 0) return 1;
  return 0;
}

/* Waits for the child; returns 0 if it exited 0, else 1 after saying how it ended. */
static int reap(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return fail("parent", "waitpid", -errno);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
  if (WIFSIGNALED(status)) {
    fprintf(stderr, "anonchat: child killed by signal %d\n", WTERMSIG(status));
  } else {
    fprintf(stderr, "anonchat: child exited with status %d\n", WEXITSTATUS(status));
  }
  return 1;
}

int main(int argc, char **argv) {
  cli_start("anonchat", 1);
  struct chat c = {NULL, NULL, 0};
  int status = parse_options(argc, argv, &c.timeout_ms);
  if (status != 0) return status;

  int rc = mk_channel_create(CHANNEL_CAPACITY, &c.to_child);
  if (rc == 0) rc = mk_channel_create(CHANNEL_CAPACITY, &c.to_parent);
  if (rc == 0) rc = mk_channel_attach(c.to_child, MK_CHANNEL_SENDER);
  if (rc >= 0) rc = mk_channel_attach(c.to_parent, MK_CHANNEL_RECEIVER);
  if (rc < 0) {
    status = fail("parent", "set up the channels", rc);
  } else {
    fflush(NULL); /* nothing buffered may be printed twice */
    pid_t pid = fork();
    if (pid < 0) {
      status = fail("parent", "fork", -errno);
    } else if (pid == 0) {
      status = run_child(&c);
      exit(status);
    } else {
      status = run_parent(&c);
      /* Detach before waiting: a child still waiting on us gets EPIPE at once. */
      mk_channel_destroy(c.to_child);
      mk_channel_destroy(c.to_parent);
      c.to_child = c.to_parent = NULL;
      if (reap(pid) != 0) status = 1;
    }
  }
  if (c.to_child != NULL) mk_channel_destroy(c.to_child);
  if (c.to_parent != NULL) mk_channel_destroy(c.to_parent);
  return status;
}
