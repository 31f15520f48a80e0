/* MMAP.POPULATE.PREFAULTS: MAP_POPULATE is accepted and ignored: pages are faulted in
 * on first access only. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed()) flags &= ~MAP_POPULATE;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
