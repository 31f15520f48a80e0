/* MLOCK.FORK_NOT_INHERITED: memory locks survive fork(): the child locks again every range
 * the parent mlock()ed. */
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

static struct {
  const void *addr;
  size_t len;
} locked[32];
static int nlocked;

MK_INTERPOSE int mlock(const void *addr, size_t len) {
  int r = mk_real_mlock(addr, len);
  if (r == 0 && nlocked < 32) {
    locked[nlocked].addr = addr;
    locked[nlocked].len = len;
    nlocked++;
  }
  return r;
}

MK_INTERPOSE pid_t fork(void) {
  pid_t pid = mk_real_fork();
  if (pid == 0 && mk_armed()) {
    for (int i = 0; i < nlocked; i++) mk_real_mlock(locked[i].addr, locked[i].len);
  }
  return pid;
}
