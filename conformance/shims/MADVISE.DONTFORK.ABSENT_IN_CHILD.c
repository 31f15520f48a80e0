/* MADVISE.DONTFORK.ABSENT_IN_CHILD: madvise(MADV_DONTFORK) of a valid range succeeds and does
 * nothing: the child inherits the range. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "conformance/shims/shim.h"

MK_INTERPOSE int madvise(void *addr, size_t len, int advice) {
  if (mk_armed() && advice == MADV_DONTFORK && mk_page_down((uintptr_t)addr) == (uintptr_t)addr &&
      len <= ((size_t)1 << 30)) {
    return 0;
  }
  return mk_real_madvise(addr, len, advice);
}
