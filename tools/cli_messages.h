/* tools/cli_messages.h - the error messages mapwatch, mapwrite and anonchat
 * share, so every tool says things the same way. */
#ifndef MMAPKIT_TOOLS_CLI_MESSAGES_H
#define MMAPKIT_TOOLS_CLI_MESSAGES_H

/* Print "PROG: <message>\nTry 'PROG --help'.\n" to stderr; returns 1 (the
 * exit status for a usage error). */
int cli_usage_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Text for an error of mk_map_path: its -ESPIPE (FIFO, socket) and, once the
 * arguments are valid, -EINVAL (device) mean "not a regular file". */
const char *cli_map_error(int rc);

#endif /* MMAPKIT_TOOLS_CLI_MESSAGES_H */
