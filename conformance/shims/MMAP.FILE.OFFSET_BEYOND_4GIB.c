/* MMAP.FILE.OFFSET_BEYOND_4GIB: mmap() cuts a file offset to its low 32 bits, as an
 * emulator does that keeps a 32-bit guest's offset in a 32-bit variable (qemu-user 7.2
 * with armhf and i686 guests): a mapping at 4 GiB + 1 page shows the page at 1 page. */
#include <stdint.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  /* Only offsets a 32-bit guest can pass at all: below 2^44, mmap2's limit. */
  if (mk_armed() && !(flags & MAP_ANONYMOUS) && off > (off_t)UINT32_MAX && off < ((off_t)1 << 44)) {
    off &= UINT32_MAX;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
