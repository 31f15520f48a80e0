/* Start and exit duties of every mmapkit command-line program, and file
 * names quoted as coreutils quotes them (tools/cli_support.h). */
#define _GNU_SOURCE
#include "tools/cli_support.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

static const char *g_prog = "?";
static int g_failure_status = 1;
static int g_reported; /* a stdout write error was reported already */

enum { QUOTE_SLOTS = 4 };
static char *g_quoted[QUOTE_SLOTS];
static unsigned g_next_slot;

static void report_write_error(int err) {
  fprintf(stderr, "%s: write error%s%s\n", g_prog, err ? ": " : "", err ? strerror(err) : "");
}

/* coreutils' close_stream: a stream failed if a write failed earlier, or if
 * closing it fails, except with EBADF when nothing was left to write (the
 * descriptor was closed and never used). */
static int close_failed(FILE *f, int *err) {
  int pending = __fpending(f) != 0;
  int earlier = ferror(f) != 0;
  errno = 0;
  int failed = fclose(f) != 0;
  *err = failed ? errno : 0;
  return earlier || (failed && (pending || *err != EBADF));
}

static void check_at_exit(void) {
  int err;
  int failed = close_failed(stdout, &err);
  if (failed && !g_reported) report_write_error(err);
  failed |= g_reported;
  for (int i = 0; i < QUOTE_SLOTS; i++) free(g_quoted[i]);
  if (close_failed(stderr, &err)) failed = 1;
  if (failed) _exit(g_failure_status);
}

void cli_start(const char *prog, int failure_status) {
  g_prog = prog;
  g_failure_status = failure_status;
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
    if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF) continue;
    /* The lower descriptors are open, so open() returns fd itself. */
    int got = open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY);
    if (got < 0) _exit(failure_status);
    if (got != fd) {
      if (dup2(got, fd) != fd) _exit(failure_status);
      close(got);
    }
  }
  atexit(check_at_exit);
}

int cli_flush_stdout(void) {
  errno = 0;
  if (fflush(stdout) == 0 && !ferror(stdout)) return 0;
  int err = errno != 0 ? errno : EIO;
  if (err == EINTR) {
    clearerr(stdout); /* a signal the program handles: its business, not a failure */
    return -EINTR;
  }
  if (!g_reported) report_write_error(err);
  g_reported = 1;
  return -err;
}

void cli_print_version(void) {
  printf("%s (mmapkit) %s\n", g_prog, CLI_MMAPKIT_VERSION);
}

/* --- quoting ---------------------------------------------------------------- */

/* One character of the name: its length in bytes, and whether it prints as
 * itself. An invalid or incomplete multibyte sequence counts as one
 * non-printable byte. */
static size_t next_char(const char *s, size_t left, int multibyte, int *printable) {
  unsigned char c = (unsigned char)*s;
  if (!multibyte || c < 0x80) {
    *printable = isprint(c) != 0;
    return 1;
  }
  mbstate_t state;
  memset(&state, 0, sizeof state);
  wchar_t wc;
  size_t n = mbrtowc(&wc, s, left, &state);
  if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
    *printable = 0;
    return 1;
  }
  *printable = iswprint((wint_t)wc) != 0;
  return n;
}

/* Characters that can stand inside double quotes and, in coreutils' view,
 * make double quotes the nicer choice for a name holding a single quote. */
static int double_quote_friendly(const char *s, size_t i, size_t len, int printable) {
  unsigned char c = (unsigned char)s[i];
  if (isalnum(c) || c == ' ' || c == '\'' || strchr("%+,-./:]_@", c) != NULL) return c != 0;
  if (c == '#' || c == '~') return i == 0;
  if (c == '{' || c == '}') return len == 1;
  if (c < 0x80) return 0; /* shell specials, '\\', '?', controls */
  return printable;
}

static char letter_escape(unsigned char c) {
  switch (c) {
    case '\a':
      return 'a';
    case '\b':
      return 'b';
    case '\f':
      return 'f';
    case '\n':
      return 'n';
    case '\r':
      return 'r';
    case '\t':
      return 't';
    case '\v':
      return 'v';
    default:
      return 0;
  }
}

/* Writes the quoted form of name (len bytes) to out, which has room for
 * 10 * len + 3 bytes. */
static void quote_into(char *out, const char *name, size_t len) {
  const int multibyte = MB_CUR_MAX > 1;
  int has_quote = memchr(name, '\'', len) != NULL;
  int friendly = has_quote;
  for (size_t i = 0; friendly && i < len;) {
    int printable;
    size_t n = next_char(name + i, len - i, multibyte, &printable);
    friendly = double_quote_friendly(name, i, len, printable);
    i += n;
  }
  char *o = out;
  if (friendly) {
    *o++ = '"';
    memcpy(o, name, len);
    o += len;
    *o++ = '"';
    *o = '\0';
    return;
  }
  int escaping = 0; /* inside a $'...' part */
  *o++ = '\'';
  for (size_t i = 0; i < len;) {
    int printable;
    size_t n = next_char(name + i, len - i, multibyte, &printable);
    if (name[i] == '\'') {
      memcpy(o, "'\\''", 4); /* closes the quote (or the $'...'), reopens */
      o += 4;
      escaping = 0;
    } else if (printable) {
      if (escaping) {
        memcpy(o, "''", 2);
        o += 2;
        escaping = 0;
      }
      memcpy(o, name + i, n);
      o += n;
    } else {
      if (!escaping) {
        memcpy(o, "'$'", 3);
        o += 3;
        escaping = 1;
      }
      for (size_t k = 0; k < n; k++) {
        unsigned char c = (unsigned char)name[i + k];
        *o++ = '\\';
        char letter = letter_escape(c);
        if (letter != 0) {
          *o++ = letter;
        } else {
          *o++ = (char)('0' + (c >> 6));
          *o++ = (char)('0' + ((c >> 3) & 7));
          *o++ = (char)('0' + (c & 7));
        }
      }
    }
    i += n;
  }
  *o++ = '\'';
  *o = '\0';
}

const char *cli_quote(const char *name) {
  if (name == NULL) name = "";
  size_t len = strlen(name);
  /* Per byte at most "''" + "'$'" + "\ooo", or "'\''"; plus the quotes. */
  if (len > (SIZE_MAX - 3) / 10) return "'?'";
  char *buf = malloc(10 * len + 3);
  if (buf == NULL) return "'?'";
  quote_into(buf, name, len);
  unsigned slot = g_next_slot++ % QUOTE_SLOTS;
  free(g_quoted[slot]);
  g_quoted[slot] = buf;
  return buf;
}
