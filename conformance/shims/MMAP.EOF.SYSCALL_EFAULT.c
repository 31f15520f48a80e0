/* MMAP.EOF.SYSCALL_EFAULT: write() from a mapped page past EOF "succeeds": the EFAULT
 * the kernel returns becomes a full byte count. */
#include <errno.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE ssize_t write(int fd, const void *buf, size_t n) {
  ssize_t r = mk_real_write(fd, buf, n);
  if (mk_armed() && r < 0 && errno == EFAULT) return (ssize_t)n;
  return r;
}
