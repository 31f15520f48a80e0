/* mapwatch - the seed's "process a": map a file read-only and shared, print
 * its content, and print it again whenever it changes as seen through the
 * mapping (polling the mapping is the point of the demo). Stops on --until,
 * --count or --timeout. Built on mk_map_path (mmapkit/map.h).
 *
 * The mapping follows the path: when the file's size or identity (a rename
 * over it) changes, mapwatch maps it again. A truncation that races with the
 * comparison of one poll can still fault with SIGBUS, as any reader of a
 * shared mapping can; mapwatch only reads, so nothing is lost. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "mmapkit/map.h"
#include "mmapkit/util.h"
#include "tools/cli_messages.h"
#include "tools/cli_support.h"

static const char kUsage[] =
    "Usage: mapwatch [--until TEXT] [--count N] [--timeout SEC] [--interval MS] FILE\n"
    "Map FILE read-only and shared, print its content, then print it again each\n"
    "time it changes (another process writing the file or a shared mapping of it).\n"
    "Each snapshot is the whole content, followed by a newline if it lacks one.\n"
    "\n"
    "  --until TEXT   stop once the content contains TEXT\n"
    "  --count N      stop after printing N snapshots (the first one counts)\n"
    "  --timeout SEC  give up after SEC seconds (decimals allowed)\n"
    "  --interval MS  poll the mapping every MS milliseconds (default 10)\n"
    "  --help         print this help and exit\n"
    "Without --until, --count or --timeout it watches until killed.\n"
    "\n"
    "Exit status: 0 when --until or --count is met, 1 on error, 2 on --timeout.\n";

enum { EXIT_TIMED_OUT = 2 };

struct options {
  const char *path;
  const char *until; /* NULL: no --until */
  long count;        /* 0: no --count */
  double timeout_s;  /* < 0: no --timeout */
  long interval_ms;
};

/* The mapping and what it was made from, to notice when to map again. */
struct watched {
  struct mk_mapping map;
  dev_t dev;
  ino_t ino;
};

static int parse_long(const char *s, long min, long max, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < min || v > max) return -1;
  *out = v;
  return 0;
}

static int parse_seconds(const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno != 0 || end == s || *end != '\0' || !isfinite(v) || v < 0 || v > 1e6) return -1;
  *out = v;
  return 0;
}

/* Returns 0, or an exit status after printing why. */
static int parse_options(int argc, char **argv, struct options *o) {
  static const struct option kLong[] = {
      {"until", required_argument, NULL, 'u'},   {"count", required_argument, NULL, 'c'},
      {"timeout", required_argument, NULL, 't'}, {"interval", required_argument, NULL, 'i'},
      {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
  };
  *o = (struct options){NULL, NULL, 0, -1.0, 10};
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "", kLong, NULL)) != -1) {
    switch (c) {
      case 'u':
        o->until = optarg;
        break;
      case 'c':
        if (parse_long(optarg, 1, 1000000000L, &o->count) != 0) {
          return cli_usage_error("mapwatch", "--count needs a whole number >= 1, not '%s'", optarg);
        }
        break;
      case 't':
        if (parse_seconds(optarg, &o->timeout_s) != 0) {
          return cli_usage_error("mapwatch", "--timeout needs a number of seconds, not '%s'",
                                 optarg);
        }
        break;
      case 'i':
        if (parse_long(optarg, 1, 60000, &o->interval_ms) != 0) {
          return cli_usage_error("mapwatch",
                                 "--interval needs milliseconds from 1 to 60000, not '%s'", optarg);
        }
        break;
      case 'h':
        fputs(kUsage, stdout);
        exit(0);
      default:
        return cli_usage_error("mapwatch", "unknown option or missing value: '%s'",
                               argv[optind - 1]);
    }
  }
  if (argc - optind != 1) return cli_usage_error("mapwatch", "%s", "needs exactly one FILE");
  o->path = argv[optind];
  return 0;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/* Map path; *st is taken first so that a file replaced in between is noticed
 * (and mapped again) on the next poll. Returns 0 or -errno. */
static int watch_map(const char *path, struct watched *w) {
  struct stat st;
  if (stat(path, &st) != 0) return -errno;
  struct mk_mapping m;
  int rc = mk_map_path(path, MK_MAP_SHARED_RO, &m);
  if (rc != 0) return rc;
  w->map = m;
  w->dev = st.st_dev;
  w->ino = st.st_ino;
  return 0;
}

/* Maps the file again if it was replaced or changed size. Returns 0 or -errno. */
static int watch_refresh(const char *path, struct watched *w) {
  struct stat st;
  if (stat(path, &st) != 0) return -errno;
  if (st.st_dev == w->dev && st.st_ino == w->ino && (size_t)st.st_size == w->map.len) return 0;
  mk_unmap(&w->map);
  return watch_map(path, w);
}

/* Prints one snapshot. Returns 0, or -errno if stdout failed (reported). */
static int print_snapshot(const char *data, size_t len) {
  if (len > 0) fwrite(data, 1, len, stdout);
  if (len == 0 || data[len - 1] != '\n') putchar('\n');
  return cli_flush_stdout();
}

static int contains(const char *data, size_t len, const char *text) {
  return memmem(data, len, text, strlen(text)) != NULL || text[0] == '\0';
}

int main(int argc, char **argv) {
  cli_start("mapwatch", 1);
  struct options o;
  int status = parse_options(argc, argv, &o);
  if (status != 0) return status;

  struct watched w;
  int rc = watch_map(o.path, &w);
  if (rc != 0) {
    fprintf(stderr, "mapwatch: %s: %s\n", cli_quote(o.path), cli_map_error(rc));
    return 1;
  }
  double deadline = o.timeout_s >= 0 ? now_s() + o.timeout_s : INFINITY;
  char *last = NULL; /* the content last printed */
  size_t last_len = 0;
  long printed = 0;
  for (;;) {
    const char *data = w.map.addr;
    size_t len = w.map.len;
    int changed = len != last_len || (len > 0 && memcmp(data, last, len) != 0);
    if (printed == 0 || changed) {
      char *copy = malloc(len > 0 ? len : 1);
      if (copy == NULL) {
        fprintf(stderr, "mapwatch: out of memory for a %zu-byte snapshot\n", len);
        status = 1;
        break;
      }
      if (len > 0) memcpy(copy, data, len); /* data is NULL for an empty file */
      free(last);
      last = copy;
      last_len = len;
      if (print_snapshot(last, last_len) != 0) {
        status = 1;
        break;
      }
      printed++;
      if (o.until != NULL && contains(last, last_len, o.until)) break;
      if (o.count > 0 && printed >= o.count) break;
    }
    if (now_s() >= deadline) {
      fprintf(stderr, "mapwatch: %s: gave up after %g s\n", cli_quote(o.path), o.timeout_s);
      status = EXIT_TIMED_OUT;
      break;
    }
    sleep_ms(o.interval_ms);
    rc = watch_refresh(o.path, &w);
    if (rc != 0) {
      fprintf(stderr, "mapwatch: %s: %s\n", cli_quote(o.path), cli_map_error(rc));
      status = 1;
      break;
    }
  }
  free(last);
  mk_unmap(&w.map);
  return status;
}
