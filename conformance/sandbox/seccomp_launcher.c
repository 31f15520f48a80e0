/* conformance/sandbox/seccomp_launcher.c - runs a command under a seccomp
 * filter of our own that makes chosen system calls fail with chosen errno
 * values and lets every other call through: a sandbox for the conformance
 * report to be tried in (the filter is inherited by every child).
 *
 *   seccomp_launcher --deny msync=EPERM --deny mremap=ENOSYS -- report ...
 *
 * Exit status: the command's (it replaces the launcher); 2 for a usage error
 * (unknown system call or errno name, no command) or a filter that cannot be
 * loaded, with a message naming the problem. */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { kExitUsage = 2, kMaxRules = 64 };

struct rule {
  const char *syscall_name;
  int nr;
  int err;
};

static int usage(const char *problem) {
  fprintf(stderr,
          "seccomp_launcher: %s\n"
          "usage: seccomp_launcher --deny SYSCALL=ERRNO [--deny ...] -- COMMAND [ARGS...]\n"
          "  SYSCALL: a system call name (msync, mremap, ...); ERRNO: a name (EPERM) or number\n",
          problem);
  return kExitUsage;
}

/* errno value for "EPERM" or "1"; 0 if it names none. */
static int parse_errno(const char *text) {
  char *end = NULL;
  long n = strtol(text, &end, 10);
  if (end != text && *end == '\0') return n > 0 && n < 4096 ? (int)n : 0;
  for (int e = 1; e < 4096; e++) {
    const char *name = strerrorname_np(e);
    if (name != NULL && strcmp(name, text) == 0) return e;
  }
  return 0;
}

/* "msync=EPERM" into rule; a message on failure. */
static const char *parse_rule(char *spec, struct rule *rule) {
  char *eq = strchr(spec, '=');
  if (eq == NULL) return "--deny needs SYSCALL=ERRNO";
  *eq = '\0';
  rule->syscall_name = spec;
  rule->nr = seccomp_syscall_resolve_name(spec);
  if (rule->nr == __NR_SCMP_ERROR) return "unknown system call";
  rule->err = parse_errno(eq + 1);
  if (rule->err == 0) return "unknown errno (a name such as EPERM, or a number 1..4095)";
  return NULL;
}

int main(int argc, char **argv) {
  struct rule rules[kMaxRules];
  int n_rules = 0;
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
    if (strcmp(argv[i], "--deny") != 0 || i + 1 >= argc) {
      return usage(strcmp(argv[i], "--deny") == 0 ? "--deny needs SYSCALL=ERRNO"
                                                  : "expected --deny SYSCALL=ERRNO or --");
    }
    if (n_rules == kMaxRules) return usage("too many --deny rules");
    char *spec = argv[++i];
    const char *problem = parse_rule(spec, &rules[n_rules]);
    if (problem != NULL) {
      char message[256];
      snprintf(message, sizeof message, "%s: %s", spec, problem);
      return usage(message);
    }
    n_rules++;
  }
  if (i + 1 >= argc) return usage("no command after --");
  if (n_rules == 0) return usage("no --deny rule: nothing to sandbox");

  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (ctx == NULL) return usage("seccomp_init failed");
  for (int r = 0; r < n_rules; r++) {
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(rules[r].err), rules[r].nr, 0);
    if (rc != 0) {
      fprintf(stderr, "seccomp_launcher: rule for %s: %s\n", rules[r].syscall_name, strerror(-rc));
      seccomp_release(ctx);
      return kExitUsage;
    }
  }
  int rc = seccomp_load(ctx); /* sets no_new_privs first: no privilege needed */
  seccomp_release(ctx);
  if (rc != 0) {
    fprintf(stderr, "seccomp_launcher: cannot load the filter: %s\n", strerror(-rc));
    return kExitUsage;
  }
  execvp(argv[i + 1], argv + i + 1);
  fprintf(stderr, "seccomp_launcher: cannot run %s: %s\n", argv[i + 1], strerror(errno));
  return kExitUsage;
}
