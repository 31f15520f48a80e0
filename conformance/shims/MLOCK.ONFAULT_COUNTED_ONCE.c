/* MLOCK.ONFAULT_COUNTED_ONCE: mlock() of a range already locked with MLOCK_ONFAULT is
 * accounted a second time: the shim locks as much memory again elsewhere (and leaks it), so
 * VmLck grows by twice the range. */
#include <sys/mman.h>

#include "conformance/shims/shim.h"

static const void *onfault_addr;
static size_t onfault_len;

MK_INTERPOSE int mlock2(const void *addr, size_t len, unsigned int flags) {
  int r = mk_real_mlock2(addr, len, flags);
  if (r == 0 && flags == MLOCK_ONFAULT) {
    onfault_addr = addr;
    onfault_len = len;
  }
  return r;
}

MK_INTERPOSE int mlock(const void *addr, size_t len) {
  int r = mk_real_mlock(addr, len);
  if (r == 0 && mk_armed() && addr == onfault_addr && len == onfault_len) {
    void *twice =
        mk_real_mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (twice != MAP_FAILED) mk_real_mlock(twice, len);
  }
  return r;
}
