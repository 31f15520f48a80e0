/* Error messages shared by the mmapkit command-line tools (cli_messages.h). */
#include "tools/cli_messages.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "mmapkit/util.h"

int cli_usage_error(const char *prog, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  fprintf(stderr, "%s: ", prog);
  vfprintf(stderr, fmt, args);
  fprintf(stderr, "\nTry '%s --help'.\n", prog);
  va_end(args);
  return 1;
}

const char *cli_map_error(int rc) {
  if (rc == -ESPIPE) return "not a regular file (a FIFO or socket)";
  if (rc == -EINVAL) return "not a regular file (a device)";
  return mk_strerror(rc);
}
