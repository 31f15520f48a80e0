/* MMAP.POPULATE.PAST_EOF_OK: mmap(MAP_POPULATE) of a file range that reaches past EOF
 * fails with ENOMEM, as if populating the pages past EOF had to succeed. */
#include <errno.h>
#include <sys/mman.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  struct mk_fd facts;
  if (mk_armed() && (flags & MAP_POPULATE) && !(flags & MAP_ANONYMOUS) &&
      mk_fd_regular(fd, &facts) && off + (off_t)len > facts.st.st_size) {
    errno = ENOMEM;
    return MAP_FAILED;
  }
  return mk_real_mmap(addr, len, prot, flags, fd, off);
}
MK_ALIAS64(mmap);
