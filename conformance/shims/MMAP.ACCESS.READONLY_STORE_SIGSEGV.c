/* MMAP.ACCESS.READONLY_STORE_SIGSEGV: PROT_READ mappings are writable too (as on hardware
 * where every readable page is writable) wherever the kernel allows it, so a
 * store to a read-only page no longer faults. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mk_armed() && prot == PROT_READ) {
    void *p = mk_real_mmap(addr, len, PROT_READ | PROT_WRITE, flags, fd, off);
    if (p != MAP_FAILED) return p;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
