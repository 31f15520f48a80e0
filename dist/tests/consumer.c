/* dist/tests/consumer.c - a program using the installed mmapkit the way a user's would:
 * install_test.sh builds it with plain cc and pkg-config, outside Bazel, once against
 * the shared and once against the static library.
 *
 *   consumer DIR    uses one function of each header on files in DIR; prints
 *                   "consumer: ok" and exits 0, or says what went wrong and exits 1 */
#define _POSIX_C_SOURCE 200809L
#include <mmapkit/channel.h>
#include <mmapkit/copy.h>
#include <mmapkit/map.h>
#include <mmapkit/util.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char message[] = "copied by the installed mmapkit\n";

static int fail(const char *what, int err) {
  fprintf(stderr, "consumer: %s: %s (%s)\n", what, mk_strerror(err),
          mk_errno_name(err) ? mk_errno_name(err) : "?");
  return 1;
}

static int copy_and_map(const char *dir) {
  char src[4096], dst[4096], missing[4096];
  snprintf(src, sizeof src, "%s/src", dir);
  snprintf(dst, sizeof dst, "%s/dst", dir);
  snprintf(missing, sizeof missing, "%s/does-not-exist", dir);

  FILE *f = fopen(src, "w");
  if (!f || fputs(message, f) == EOF || fclose(f) != 0) return fail("writing the source", errno);

  uint64_t copied = 0;
  int err = mk_copy_file(src, dst, NULL, &copied);
  if (err != 0) return fail("mk_copy_file", err);
  if (copied != sizeof message - 1) {
    fprintf(stderr, "consumer: mk_copy_file copied %llu bytes, expected %zu\n",
            (unsigned long long)copied, sizeof message - 1);
    return 1;
  }

  struct mk_mapping m;
  err = mk_map_path(dst, MK_MAP_SHARED_RO, &m);
  if (err != 0) return fail("mk_map_path", err);
  int same = m.len == sizeof message - 1 && memcmp(m.addr, message, m.len) == 0;
  err = mk_unmap(&m);
  if (err != 0) return fail("mk_unmap", err);
  if (!same) {
    fprintf(stderr, "consumer: the copy's mapping does not hold the source's bytes\n");
    return 1;
  }

  err = mk_copy_file(missing, dst, NULL, NULL);
  if (err != -ENOENT || strcmp(mk_errno_name(err), "ENOENT") != 0) {
    fprintf(stderr, "consumer: copying a missing file gave %d (%s), expected -ENOENT\n", err,
            mk_strerror(err));
    return 1;
  }
  return 0;
}

static int channel_round_trip(void) {
  struct mk_channel *ch = NULL;
  int err = mk_channel_create(64, &ch);
  if (err != 0) return fail("mk_channel_create", err);
  char buf[16] = {0};
  err = mk_channel_send(ch, "ping", 4, 0);
  long got = err == 0 ? mk_channel_recv(ch, buf, sizeof buf, 0) : err;
  int destroyed = mk_channel_destroy(ch);
  if (err != 0) return fail("mk_channel_send", err);
  if (got != 4 || memcmp(buf, "ping", 4) != 0) {
    fprintf(stderr, "consumer: mk_channel_recv gave %ld '%.*s', expected 4 'ping'\n", got,
            got > 0 ? (int)got : 0, buf);
    return 1;
  }
  if (destroyed != 0) return fail("mk_channel_destroy", destroyed);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: consumer DIR\n");
    return 2;
  }
  size_t page = mk_page_size();
  if (page < 4096 || (page & (page - 1)) != 0) {
    fprintf(stderr, "consumer: mk_page_size() = %zu, not a power of two >= 4096\n", page);
    return 1;
  }
  if (copy_and_map(argv[1]) != 0 || channel_round_trip() != 0) return 1;
  printf("consumer: ok\n");
  return 0;
}
