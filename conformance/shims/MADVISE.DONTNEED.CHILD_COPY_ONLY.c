/* MADVISE.DONTNEED.CHILD_COPY_ONLY: madvise(MADV_DONTNEED) in a process that inherited the
 * mapping through fork() does nothing (its copy-on-write page stays). */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  return mk_mmap_tracked(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);

MK_INTERPOSE int munmap(void *addr, size_t len) {
  return mk_munmap_tracked(addr, len);
}

/* A mapping holding the range was made by another process (the parent). */
static bool inherited(const void *addr, size_t len) {
  const char *lo = addr, *hi = lo + len;
  for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
    if (lo >= m->addr && hi <= m->addr + m->len) return m->pid != getpid();
  }
  return false;
}

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && advice == MADV_DONTNEED && inherited(addr, len)) return 0;
  return mk_real_madvise(addr, len, advice);
}
