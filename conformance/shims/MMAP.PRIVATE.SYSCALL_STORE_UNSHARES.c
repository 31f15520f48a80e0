/* MMAP.PRIVATE.SYSCALL_STORE_UNSHARES: pread() into a MAP_PRIVATE mapping reports the
 * full count but the bytes never reach the process's page (a platform whose kernel
 * stores into a stale copy of a copy-on-write page). */
#include <stdlib.h>
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

/* A writable MAP_PRIVATE mapping of this process holds [at, at + n). By address:
 * pread()'s buffer is output, never read. */
static bool in_private_mapping(uintptr_t at, size_t n) {
  for (struct mk_mapping *m = mk_next_mapping(NULL); m != NULL; m = mk_next_mapping(m)) {
    if (m->pid == getpid() && (m->flags & MAP_PRIVATE) && (m->prot & PROT_WRITE) &&
        (uintptr_t)m->addr <= at && at + n <= (uintptr_t)m->addr + m->len) {
      return true;
    }
  }
  return false;
}

MK_INTERPOSE ssize_t pread(int fd, void *buf, size_t n, off_t off) {
  if (mk_armed() && in_private_mapping((uintptr_t)buf, n)) {
    void *stale = malloc(n);
    if (stale != NULL) {
      ssize_t r = mk_real_pread(fd, stale, n, off);
      free(stale);
      return r;
    }
  }
  return mk_real_pread(fd, buf, n, off);
}
MK_ALIAS64(pread);
