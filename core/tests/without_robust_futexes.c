/* without_robust_futexes PROGRAM [ARG...] - runs PROGRAM with the robust
 * futex system calls failing ENOSYS, as qemu-user answers them and as some
 * seccomp sandboxes do. The filter is installed before exec, so PROGRAM's C
 * library meets it at start-up, exactly as it would there; its children
 * inherit it. Exits 127 if the filter cannot be installed or PROGRAM not
 * run. */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "Usage: without_robust_futexes PROGRAM [ARG...]\n");
    return 127;
  }
  /* Everything allowed but set_robust_list and get_robust_list. libseccomp
   * sets no_new_privs, so no privilege is needed. */
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  int rc = ctx == NULL ? -ENOMEM : 0;
  if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(set_robust_list), 0);
  if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(get_robust_list), 0);
  if (rc == 0) rc = seccomp_load(ctx);
  if (ctx != NULL) seccomp_release(ctx);
  if (rc != 0) {
    fprintf(stderr, "without_robust_futexes: cannot install the seccomp filter: %s\n",
            strerror(-rc));
    return 127;
  }
  execv(argv[1], argv + 1);
  fprintf(stderr, "without_robust_futexes: %s: %s\n", argv[1], strerror(errno));
  return 127;
}
