/* MMAP.FLAGS.MAP_32BIT_LOW: MAP_32BIT is ignored: the mapping lands wherever the kernel
 * places any other one (high in a 64-bit address space). */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed()) flags &= ~MK_MAP_32BIT;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
