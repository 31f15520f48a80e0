/* What both copy benchmarks share besides their files: sizes as numbers and
 * text, file system names, the load average they print with every result,
 * and paths relative to where `bazel run` was started. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/bench/support.h"

int bench_parse_size(const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno != 0 || end == s) return -1;
  int shift = 0;
  if (*end == 'K' || *end == 'k') shift = 10;
  if (*end == 'M' || *end == 'm') shift = 20;
  if (*end == 'G' || *end == 'g') shift = 30;
  if (shift != 0) end++;
  if (strcmp(end, "") != 0 && strcmp(end, "B") != 0 && strcmp(end, "iB") != 0) return -1;
  if (v == 0 || v > (1ull << 40) >> shift) return -1;
  *out = (uint64_t)v << shift;
  return 0;
}

int bench_parse_sizes(const char *s, uint64_t *list, int max) {
  char *copy = strdup(s);
  if (copy == NULL) return -1;
  int n = 0;
  for (char *save, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    if (n == max || bench_parse_size(tok, &list[n]) != 0) {
      free(copy);
      return -1;
    }
    n++;
  }
  free(copy);
  return n;
}

const char *bench_size_text(uint64_t size, char *buf, size_t len) {
  static const char *const kUnit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  double v = (double)size;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    u++;
  }
  if (v == (double)(uint64_t)v) {
    snprintf(buf, len, "%llu %s", (unsigned long long)v, kUnit[u]);
  } else {
    snprintf(buf, len, "%.1f %s", v, kUnit[u]);
  }
  return buf;
}

const char *bench_fs_type_name(long type) {
  switch (type) {
    case 0xEF53:
      return "ext4";
    case 0x01021994:
      return "tmpfs";
    case 0x794c7630:
      return "overlay";
    case 0x58465342:
      return "xfs";
    case (long)0x9123683E:
      return "btrfs";
    default:
      return "fs";
  }
}

static void read_loadavg(char *buf, size_t len) {
  snprintf(buf, len, "?");
  FILE *f = fopen("/proc/loadavg", "r");
  if (f != NULL && fgets(buf, (int)len, f) != NULL) buf[strcspn(buf, "\n")] = '\0';
  if (f != NULL) fclose(f);
}

void bench_print_load(const char *when) {
  char buf[128];
  read_loadavg(buf, sizeof buf);
  printf("# load average %s: %s\n", when, buf);
}

double bench_load1(void) {
  char buf[128];
  read_loadavg(buf, sizeof buf);
  char *end;
  double v = strtod(buf, &end);
  return end == buf ? -1 : v;
}

char *bench_user_path(const char *p) {
  const char *wd = getenv("BUILD_WORKING_DIRECTORY");
  char *out;
  if (p[0] == '/' || wd == NULL) return strdup(p);
  if (asprintf(&out, "%s/%s", wd, p) < 0) return NULL;
  return out;
}

void bench_catch_interrupts(void (*handler)(int)) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}
