/* MADVISE.POPULATE.WRITE_SETS_SOFT_DIRTY: madvise(MADV_POPULATE_WRITE) populates the range but
 * leaves it clean for soft-dirty tracking (the process's soft-dirty bits are cleared after it). */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  int rc = mk_real_madvise(addr, len, advice);
  if (mk_armed() && rc == 0 && advice == MADV_POPULATE_WRITE) {
    int fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
      (void)syscall(SYS_write, fd, "4", 1);
      mk_close_quietly(fd);
    }
  }
  return rc;
}
