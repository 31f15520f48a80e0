/* MMAP.MODE.EXEC_ONLY_SHARED_OK: a PROT_EXEC-only file mapping is not readable (mapped
 * PROT_NONE), as on hardware with execute-only pages. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && prot == PROT_EXEC && !(flags & MAP_ANONYMOUS)) prot = PROT_NONE;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
