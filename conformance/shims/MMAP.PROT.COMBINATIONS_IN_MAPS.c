/* MMAP.PROT.COMBINATIONS_IN_MAPS: a PROT_WRITE-only request is mapped PROT_READ|PROT_WRITE,
 * so /proc/self/maps shows "rw-" where "-w-" was asked for. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && prot == PROT_WRITE) prot |= PROT_READ;
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
