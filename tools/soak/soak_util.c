/* tools/soak/soak_util.c - see soak_util.h. */
#define _GNU_SOURCE
#include "tools/soak/soak_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

int64_t soak_now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void soak_sleep_ms(long ms) {
  struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&t, &t) != 0 && errno == EINTR) continue;
}

uint64_t soak_random(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint64_t soak_between(uint64_t *state, uint64_t lo, uint64_t hi) {
  return lo + soak_random(state) % (hi - lo + 1);
}

void soak_fill(uint8_t *buf, size_t n, uint64_t a, uint64_t b, uint64_t from) {
  /* Word k of the stream is splitmix64 of (a, b, k): any byte can be computed alone. */
  for (size_t i = 0; i < n;) {
    uint64_t k = (from + i) / 8;
    uint64_t state = a * 0xd1b54a32d192ed03ull ^ b * 0xabc98388fb8fac03ull ^ k;
    uint64_t word = soak_random(&state);
    for (size_t j = (size_t)((from + i) % 8); j < 8 && i < n; j++, i++) {
      buf[i] = (uint8_t)(word >> (8 * j));
    }
  }
}

void *soak_shared(size_t bytes) {
  void *p =
      mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    fprintf(stderr, "soak: cannot map %zu bytes of shared memory: %s\n", bytes, strerror(errno));
    exit(2);
  }
  return p;
}

int soak_parse(int argc, char **argv, const struct soak_option *options, const char *usage) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--help")) {
      fputs(usage, stdout);
      for (const struct soak_option *o = options; o->name; o++)
        printf("  %-16s %s\n", o->name, o->help);
      exit(0);
    }
    const struct soak_option *o = options;
    while (o->name && strcmp(o->name, argv[i]) != 0) o++;
    if (!o->name || i + 1 >= argc) {
      fprintf(stderr, "%s: %s '%s' (see --help)\n", argv[0],
              o->name ? "missing value after" : "unknown option", argv[i]);
      return -1;
    }
    const char *value = argv[++i];
    if (o->text) {
      *o->text = value;
      continue;
    }
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || *end || v < 0) {
      fprintf(stderr, "%s: %s wants a whole number >= 0, got '%s'\n", argv[0], o->name, value);
      return -1;
    }
    *o->number = v;
  }
  return 0;
}
