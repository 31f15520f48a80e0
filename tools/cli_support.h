/* tools/cli_support.h - what every mmapkit command-line program (mmapcp,
 * mapwatch, mapwrite, anonchat, the conformance report) does at start and at
 * exit, and how it names a file in a message. C11; callable from C++. */
#ifndef MMAPKIT_TOOLS_CLI_SUPPORT_H
#define MMAPKIT_TOOLS_CLI_SUPPORT_H

#ifdef __cplusplus
extern "C" {
#endif

/* The version every mmapkit tool reports (--version), CLI_MMAPKIT_VERSION, is
 * the package's: tools/BUILD.bazel defines it from version.bzl. */

/* Call first in main, before anything is opened.
 *
 * 1. Makes sure file descriptors 0, 1 and 2 are open. A program started with
 *    one of them closed (cron, daemons, `prog >&-`) would otherwise get it
 *    back from its next open(): a file it copies or writes would then
 *    receive what it prints. A closed descriptor is opened on /dev/null in
 *    the mode that makes its normal use fail (stdin write-only, stdout and
 *    stderr read-only), so output to a closed stdout is a write error, as
 *    with coreutils, not silently lost. If /dev/null cannot be opened either,
 *    the program exits at once with failure_status (it cannot run safely).
 * 2. Registers (atexit) the check of coreutils' close_stdout: at exit, if
 *    anything written to stdout failed (closed, /dev/full, a closed pipe) or
 *    cannot be flushed, "PROG: write error[: REASON]" goes to stderr and the
 *    exit status becomes failure_status; a failure on stderr itself changes
 *    the status only. A program that dies of a signal, or calls _exit, skips
 *    the check.
 *
 * prog is the name messages start with (kept, not copied). Call it once. */
void cli_start(const char *prog, int failure_status);

/* fflush(stdout), for output that must go out now (a live view, lines
 * ordered with another process). On failure reports "PROG: write error:
 * REASON" once (the check at exit then says nothing more, but still exits
 * with failure_status) and returns -errno; else 0. A write interrupted by a
 * signal handler installed without SA_RESTART is no failure: -EINTR, not
 * reported, the stream's error flag cleared. Needs cli_start. */
int cli_flush_stdout(void);

/* name quoted as coreutils quotes file names in messages (quoting style
 * "shell-escape-always"): always in single quotes, so the message cannot be
 * split or misread; a ' inside becomes '\'' (or, when nothing else needs
 * care, the whole name goes in double quotes: "it's"); control characters,
 * bytes that are not valid characters and non-printable characters are
 * written as $'\n', $'\033' escapes, so neither a newline nor a terminal
 * escape sequence reaches the output raw. The result pastes back into a
 * shell as the same name. What is printable follows the LC_CTYPE locale: call
 * setlocale(LC_CTYPE, "") first to treat UTF-8 names as cp does; in the C
 * locale every byte above 0x7e is escaped.
 *
 * Returns one of four buffers used in turn: the result stays valid until
 * the fourth call after this one (enough for one message). Never NULL: if
 * memory runs out, returns "'?'". */
const char *cli_quote(const char *name);

/* Prints "PROG (mmapkit) VERSION" to stdout. */
void cli_print_version(void);

#ifdef __cplusplus
}
#endif

#endif /* MMAPKIT_TOOLS_CLI_SUPPORT_H */
