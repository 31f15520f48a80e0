/* mapwrite - the seed's "process b": write text into a file through a
 * mapping, either shared (the file changes, and every mapping of it sees the
 * change) or private (copy-on-write: only this process's mapping changes, the
 * file stays byte-identical). Prints what its own mapping then holds. Built
 * on mk_map_path (mmapkit/map.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmapkit/map.h"
#include "mmapkit/util.h"
#include "tools/cli_messages.h"
#include "tools/cli_support.h"

static const char kUsage[] =
    "Usage: mapwrite (--shared | --private) [--offset N] FILE TEXT\n"
    "Map FILE and write TEXT at byte offset N (default 0) through the mapping,\n"
    "then print the whole content of the mapping (plus a newline if it lacks one).\n"
    "\n"
    "  --shared      MAP_SHARED read-write: the write reaches FILE (msync'ed before exit)\n"
    "  --private     MAP_PRIVATE copy-on-write: only this mapping changes, FILE stays\n"
    "                byte-identical (read permission on FILE is enough)\n"
    "  --offset N    where to write, in bytes\n"
    "  --help        print this help and exit\n"
    "\n"
    "A mapping cannot grow a file: TEXT must fit within FILE's current size,\n"
    "otherwise nothing is written.\n"
    "\n"
    "Exit status: 0 on success, 1 on error.\n";

struct options {
  int mode; /* an mk_map_mode, or -1 before --shared / --private */
  uint64_t offset;
  const char *path;
  const char *text;
};

static int set_mode(struct options *o, enum mk_map_mode mode) {
  if (o->mode != -1 && o->mode != (int)mode) {
    return cli_usage_error("mapwrite", "%s", "--shared and --private exclude each other");
  }
  o->mode = mode;
  return 0;
}

/* Returns 0, or an exit status after printing why. */
static int parse_options(int argc, char **argv, struct options *o) {
  static const struct option kLong[] = {
      {"shared", no_argument, NULL, 's'},
      {"private", no_argument, NULL, 'p'},
      {"offset", required_argument, NULL, 'o'},
      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0},
  };
  *o = (struct options){-1, 0, NULL, NULL};
  opterr = 0;
  int c, rc;
  while ((c = getopt_long(argc, argv, "", kLong, NULL)) != -1) {
    switch (c) {
      case 's':
        if ((rc = set_mode(o, MK_MAP_SHARED_RW)) != 0) return rc;
        break;
      case 'p':
        if ((rc = set_mode(o, MK_MAP_PRIVATE)) != 0) return rc;
        break;
      case 'o': {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(optarg, &end, 10);
        if (errno != 0 || end == optarg || *end != '\0' || optarg[0] == '-') {
          return cli_usage_error("mapwrite", "--offset needs a byte count, not '%s'", optarg);
        }
        o->offset = v;
        break;
      }
      case 'h':
        fputs(kUsage, stdout);
        exit(0);
      default:
        return cli_usage_error("mapwrite", "unknown option or missing value: '%s'",
                               argv[optind - 1]);
    }
  }
  if (o->mode == -1) return cli_usage_error("mapwrite", "%s", "needs --shared or --private");
  if (argc - optind != 2) return cli_usage_error("mapwrite", "%s", "needs FILE and TEXT");
  o->path = argv[optind];
  o->text = argv[optind + 1];
  return 0;
}

int main(int argc, char **argv) {
  cli_start("mapwrite", 1);
  struct options o;
  int status = parse_options(argc, argv, &o);
  if (status != 0) return status;

  struct mk_mapping m;
  int rc = mk_map_path(o.path, (enum mk_map_mode)o.mode, &m);
  if (rc != 0) {
    fprintf(stderr, "mapwrite: %s: %s\n", cli_quote(o.path), cli_map_error(rc));
    return 1;
  }
  size_t len = strlen(o.text);
  if (o.offset > m.len || len > m.len - o.offset) {
    fprintf(stderr,
            "mapwrite: %s: %zu bytes at offset %" PRIu64
            " do not fit in the file's %zu bytes; nothing written\n",
            cli_quote(o.path), len, o.offset, m.len);
    mk_unmap(&m);
    return 1;
  }
  if (len > 0) memcpy((char *)m.addr + o.offset, o.text, len);
  if (o.mode == MK_MAP_SHARED_RW && (rc = mk_map_sync(&m, 0)) != 0) {
    fprintf(stderr, "mapwrite: %s: msync: %s\n", cli_quote(o.path), mk_strerror(rc));
    status = 1;
  }
  if (m.len > 0) fwrite(m.addr, 1, m.len, stdout);
  if (m.len == 0 || ((const char *)m.addr)[m.len - 1] != '\n') putchar('\n');
  if (cli_flush_stdout() != 0) status = 1;
  mk_unmap(&m);
  return status;
}
