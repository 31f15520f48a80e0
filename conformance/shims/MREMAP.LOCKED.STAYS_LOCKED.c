/* MREMAP.LOCKED.STAYS_LOCKED: mremap() growing a mapping leaves the result unlocked, even if it was
 * mlocked. munlock goes through the system call: a sanitizer runtime's munlock does nothing. */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

static void *broken_mremap(void *old, size_t old_len, size_t new_len, int flags, void *new_addr) {
  void *p = mk_real_mremap(old, old_len, new_len, flags, new_addr);
  if (mk_armed() && p != MAP_FAILED && new_len > old_len) syscall(SYS_munlock, p, new_len);
  return p;
}

MK_INTERPOSE_MREMAP(broken_mremap);
